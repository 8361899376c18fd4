package app.lightweight.users;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two clustered Vert.x nodes (Hazelcast over loopback TCP): one asks, users in the other answers.
 */
class UsersOverTheClusterTest {

  @Test
  void profileRequestFromAnotherNodeIsAnsweredByUsers() throws Exception {
    Map<String, String> env = new HashMap<>(TestEnv.forService("users"));
    env.put("CLUSTER_MODE", "loopback");
    env.put("CLUSTER_NAME", "users-cluster-test-" + TestEnv.DATABASE);
    env.put("CLUSTER_PORT", "5801");
    ClusterSettings cluster = ClusterSettings.from(Settings.of("users", env));
    Vertx usersNode = await(ClusteredVertx.start(cluster));
    Vertx otherNode = await(ClusteredVertx.start(cluster));
    try {
      ServiceFixture users = UsersUnderTest.fixture().env(env).start(usersNode);
      String token = users.token("clustered-ada");
      assertThat(
              users
                  .put(
                      "/api/users/me",
                      token,
                      new JsonObject().put("business_name", "Ada Ltd").put("display_name", "Ada"))
                  .statusCode())
          .isEqualTo(200);

      JsonObject profile =
          await(
                  otherNode
                      .eventBus()
                      .<JsonObject>request(
                          "users.profile", new JsonObject().put("subject", "clustered-ada")))
              .body();

      assertThat(profile.getString("business_name")).isEqualTo("Ada Ltd");
      assertThat(profile.getString("display_name")).isEqualTo("Ada");
      assertThat(profile.getString("email")).isEqualTo("clustered-ada@example.com");
      assertThatThrownBy(
              () ->
                  await(
                      otherNode
                          .eventBus()
                          .request("users.profile", new JsonObject().put("subject", "nobody"))))
          .hasRootCauseInstanceOf(ReplyException.class)
          .rootCause()
          .satisfies(e -> assertThat(((ReplyException) e).failureCode()).isEqualTo(404));
    } finally {
      await(otherNode.close());
      await(usersNode.close());
    }
  }
}
