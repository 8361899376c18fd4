package app.lightweight.users;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
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
      UsersVerticle users = new UsersVerticle(env);
      await(usersNode.deployVerticle(users));
      var fixture = new HttpHelper(users.port());
      String token =
          TestEnv.sandbox()
              .oidc()
              .token(
                  "clustered-ada",
                  "lightweight",
                  Map.of("scope", "users:read users:write", "email", "ada@example.com"),
                  java.time.Duration.ofMinutes(5));
      assertThat(
              fixture.putJson(
                  token,
                  new JsonObject().put("business_name", "Ada Ltd").put("display_name", "Ada")))
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
      assertThat(profile.getString("email")).isEqualTo("ada@example.com");
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

  /** A minimal PUT, to give the users node a profile to answer with. */
  private record HttpHelper(int port) {
    int putJson(String token, JsonObject body) throws Exception {
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + port + "/api/users/me"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode()))
              .build();
      return java.net.http.HttpClient.newHttpClient()
          .send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }
  }
}
