package app.lightweight.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** Loopback ports and scratch directories for the stand-ins. */
final class Ports {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Ports() {}

  /** {@code count} distinct ports that were free on loopback a moment ago. */
  static int[] free(int count) {
    var sockets = new ServerSocket[count];
    try {
      var ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, LOOPBACK);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    } finally {
      for (var socket : sockets) {
        closeQuietly(socket);
      }
    }
  }

  /** Whether something accepts connections on {@code localhost:port}. */
  static boolean isListening(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until nothing listens on the port any more, or fails after the timeout. */
  static void awaitClosed(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isListening(port)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("port " + port + " still accepts connections");
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do: the probe socket is gone either way
    }
  }
}
