-- Events per message in causal order: a provider's event for a message that is still 'sending'
-- (its webhook beat the dispatcher's commit of the try) is recorded at once, but its outbox event
-- is held until the try settles, so that email.sent always comes before email.delivered.
alter table provider_events add column held boolean not null default false;
alter table messages add column held_events int not null default 0;
-- whether email.sent was written for this message (by a settled try or, for a message whose try
-- had an unknown outcome, ahead of the first delivery event that proves a provider took it)
alter table messages add column sent_event boolean not null default false;
