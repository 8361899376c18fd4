package app.lightweight.invoices.customers;

import app.lightweight.invoices.Address;
import app.lightweight.invoices.InvoiceDraft;
import app.lightweight.invoices.PartyDetails;
import app.lightweight.shared.Ids;
import app.lightweight.shared.db.Like;
import app.lightweight.shared.db.Transactions;
import app.lightweight.shared.http.Page;
import app.lightweight.shared.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Every SQL statement about customers. Each one is scoped to the tenant. */
public final class CustomerStore {
  private static final String COLUMNS =
      "id, name, email, address, tax_id, version, created_at, updated_at";

  private static final String CREATE =
      "insert into customers (id, tenant, name, email, address, tax_id)"
          + " values ($1, $2, $3, $4, $5, $6) returning "
          + COLUMNS;

  private static final String FIND =
      "select " + COLUMNS + " from customers where tenant = $1 and id = $2";

  /** Newest first; {@code $3} is a LIKE pattern over name and email, or null for all. */
  private static final String LIST =
      "select "
          + COLUMNS
          + """
           from customers
          where tenant = $1
            and ($2::text is null or id < $2)
            and ($3::text is null or name ilike $3 or email ilike $3)
          order by id desc
          limit $4
          """;

  private static final String REPLACE =
      "update customers set name = $3, email = $4, address = $5, tax_id = $6,"
          + " version = version + 1, updated_at = now()"
          + " where id = $1 and tenant = $2 returning "
          + COLUMNS;

  private static final String DELETE = "delete from customers where tenant = $1 and id = $2";

  private final Pool pool;

  public CustomerStore(Pool pool) {
    this.pool = pool;
  }

  Future<Customer> create(String tenant, PartyDetails details) {
    return Transactions.client(pool)
        .preparedQuery(CREATE)
        .execute(arguments(Ids.next("cus"), tenant, details))
        .map(rows -> customer(rows.iterator().next()));
  }

  /** The tenant's customer, or a 404 problem (also for another tenant's id). */
  Future<Customer> get(String tenant, String id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(tenant, id)).map(rows -> only(rows, id));
  }

  /**
   * @param search words to find in the name or email, or null
   * @param after the id the page starts after, or null for the first page
   */
  Future<Page<Customer>> list(String tenant, String search, String after, int limit) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(tenant, after, Like.anywhere(search), limit + 1))
        .map(
            rows -> {
              List<Customer> customers = new ArrayList<>(rows.size());
              rows.forEach(row -> customers.add(customer(row)));
              return Page.of(customers, limit, Customer::id);
            });
  }

  /**
   * The draft with the details of the customer it refers to copied onto it; an id that is not one
   * of the tenant's customers is a 400 naming {@code /customer_id}.
   */
  public Future<InvoiceDraft> resolve(String tenant, InvoiceDraft draft) {
    if (!draft.needsCustomerLookup()) {
      return Future.succeededFuture(draft);
    }
    return Transactions.client(pool)
        .preparedQuery(FIND)
        .execute(Tuple.of(tenant, draft.customerId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.validation("/customer_id", "no customer with this id").exception();
              }
              return draft.withCustomer(customer(rows.iterator().next()).details());
            });
  }

  Future<Customer> replace(String tenant, String id, PartyDetails details) {
    return pool.preparedQuery(REPLACE)
        .execute(arguments(id, tenant, details))
        .map(rows -> only(rows, id));
  }

  /** Deletes the customer; invoices keep the copy of its details they were written with. */
  Future<Void> delete(String tenant, String id) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(tenant, id))
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? Future.succeededFuture()
                    : Future.failedFuture(notFound(id)));
  }

  private static Tuple arguments(String id, String tenant, PartyDetails details) {
    return Tuple.of(
        id,
        tenant,
        details.name(),
        details.email(),
        details.address() == null ? null : details.address().toJson(),
        details.taxId());
  }

  private static Customer only(RowSet<Row> rows, String id) {
    if (rows.size() == 0) {
      throw notFound(id);
    }
    return customer(rows.iterator().next());
  }

  static RuntimeException notFound(String id) {
    return Problem.notFound("no customer " + id).exception();
  }

  private static Customer customer(Row row) {
    return new Customer(
        row.getString("id"),
        new PartyDetails(
            row.getString("name"),
            row.getString("email"),
            Address.fromJson((JsonObject) row.getValue("address")),
            row.getString("tax_id")),
        row.getInteger("version"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"));
  }
}
