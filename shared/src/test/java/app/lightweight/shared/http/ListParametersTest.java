package app.lightweight.shared.http;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ListParametersTest {
  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = await(Contract.load(vertx, "kit/lists.yaml"));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  @Test
  void limitsComeFromTheContractsParameterSchemasThroughReferences() {
    ListParameters list = ListParameters.of(contract.operation("listThings"));

    assertThat(list.maxLimit()).isEqualTo(42);
    assertThat(list.maxSearchChars()).isEqualTo(12);
  }

  @Test
  void aLimitWithoutADefaultFailsStartUpNamingTheOperation() {
    assertThatThrownBy(() -> ListParameters.of(contract.operation("listWithoutDefault")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("listWithoutDefault");
  }
}
