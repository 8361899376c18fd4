-- Browser sessions: the cookie holds a random id, only its SHA-256 is kept here, with the tokens.
create table sessions (
  id_hash           text primary key,
  subject           text        not null,
  name              text,
  email             text,
  access_token      text        not null,
  access_expires_at timestamptz not null,
  refresh_token     text,
  id_token          text,
  csrf_token        text        not null,
  created_at        timestamptz not null,
  last_seen_at      timestamptz not null,
  expires_at        timestamptz not null
);
create index sessions_expiry on sessions (expires_at);
create index sessions_last_seen on sessions (last_seen_at);

-- A sign-in under way: state, PKCE verifier and nonce, bound to the pre-login cookie's id.
create table logins (
  id_hash       text primary key,
  state         text        not null,
  code_verifier text        not null,
  nonce         text        not null,
  return_to     text        not null,
  created_at    timestamptz not null
);
