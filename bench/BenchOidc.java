import app.lightweight.sandbox.OidcProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The benchmark's identity provider: the sandbox OIDC server on a free loopback port, nothing
 * else. Writes its issuer and an access token (scope invoices:write, two hours) into the directory
 * given as the first argument, then serves until the process is stopped.
 *
 * <p>Run as a single-file program: {@code java -cp <sandbox classpath> bench/BenchOidc.java DIR}.
 */
public class BenchOidc {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    OidcProvider oidc = OidcProvider.start(0);
    String token =
        oidc.token(
            "bench-business",
            OidcProvider.AUDIENCE,
            Map.of("scope", "invoices:read invoices:write", "email", "bench@example.com"),
            Duration.ofHours(2));
    Files.writeString(dir.resolve("token"), token);
    Files.writeString(dir.resolve("issuer.tmp"), oidc.issuer());
    Files.move(dir.resolve("issuer.tmp"), dir.resolve("issuer"));
    Runtime.getRuntime().addShutdownHook(new Thread(oidc::close));
    Thread.currentThread().join();
  }
}
