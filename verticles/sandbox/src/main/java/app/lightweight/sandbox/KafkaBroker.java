package app.lightweight.sandbox;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesVersion;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A real Apache Kafka broker in KRaft mode (one node acting as broker and controller), running
 * inside this JVM. Data lives in a directory of its own, so the broker can be stopped and started
 * again with its topics, records and committed offsets intact.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static final int NODE_ID = 1;

  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final boolean temporary;
  private KafkaRaftServer server;

  private KafkaBroker(int port, int controllerPort, Path dataDir, boolean temporary) {
    this.port = port;
    this.controllerPort = controllerPort;
    this.dataDir = dataDir;
    this.temporary = temporary;
  }

  /**
   * Starts a broker listening on {@code localhost:port} (0 = a free port) that keeps its data in
   * {@code dataDir}, formatting the directory on first use. A {@code null} data directory means a
   * temporary one, deleted on {@link #close()}.
   */
  public static KafkaBroker start(int port, Path dataDir) {
    boolean temporary = dataDir == null;
    Path dir = temporary ? Ports.tempDir("lightweight-kafka-") : dataDir.toAbsolutePath();
    int[] ports = port == 0 ? Ports.free(2) : new int[] {port, Ports.free(1)[0]};
    var broker = new KafkaBroker(ports[0], ports[1], dir, temporary);
    try {
      broker.startServer();
    } catch (RuntimeException e) {
      if (temporary) {
        Ports.deleteRecursively(dir);
      }
      throw e;
    }
    return broker;
  }

  /** Starts a broker on a free port with a temporary data directory. */
  public static KafkaBroker start() {
    return start(0, null);
  }

  /** The value for {@code bootstrap.servers}, e.g. {@code localhost:9092}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Shuts the broker down; its data stays on disk. Connected clients keep retrying. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long started = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    server = null;
    log.info("Kafka broker on {} stopped in {} ms", bootstrapServers(), millisSince(started));
  }

  /** Starts the broker again on the same port with the same data. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  @Override
  public synchronized void close() {
    stop();
    if (temporary) {
      Ports.deleteRecursively(dataDir);
    }
  }

  private synchronized void startServer() {
    if (server != null) {
      return;
    }
    long started = System.nanoTime();
    keepKafkaFromEndingTheJvm();
    var config = new KafkaConfig(settings(), false);
    formatIfNew(config);
    var raftServer = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      raftServer.startup();
    } catch (RuntimeException e) {
      var failure = new IllegalStateException("Kafka broker could not start on port " + port, e);
      try {
        raftServer.shutdown();
        raftServer.awaitShutdown();
      } catch (RuntimeException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
    server = raftServer;
    log.info(
        "Kafka broker up on {} (KRaft, data in {}) in {} ms",
        bootstrapServers(),
        dataDir,
        millisSince(started));
  }

  private Map<String, Object> settings() {
    var settings = new HashMap<String, Object>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", NODE_ID);
    settings.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    settings.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    settings.put("controller.listener.names", "CONTROLLER");
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("log.dirs", dataDir.toString());

    settings.put("auto.create.topics.enable", true);
    settings.put("num.partitions", 1);
    settings.put("default.replication.factor", 1);
    settings.put("min.insync.replicas", 1);
    settings.put("offsets.topic.replication.factor", (short) 1);
    settings.put("offsets.topic.num.partitions", 1);
    settings.put("transaction.state.log.replication.factor", (short) 1);
    settings.put("transaction.state.log.min.isr", 1);
    settings.put("transaction.state.log.num.partitions", 1);
    settings.put("group.initial.rebalance.delay.ms", 0);

    // small footprint for a laptop or a 2-core CI machine
    settings.put("num.network.threads", 2);
    settings.put("num.io.threads", 2);
    settings.put("num.recovery.threads.per.data.dir", 1);
    settings.put("num.replica.fetchers", 1);
    settings.put("background.threads", 2);
    settings.put("log.cleaner.threads", 1);
    settings.put("log.cleaner.dedupe.buffer.size", 2L * 1024 * 1024);
    settings.put("log.segment.bytes", 16 * 1024 * 1024);
    settings.put("log.index.size.max.bytes", 1024 * 1024);
    settings.put("log.retention.hours", 24 * 7);
    settings.put("metadata.log.segment.bytes", 8 * 1024 * 1024);
    return settings;
  }

  private void formatIfNew(KafkaConfig config) {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    var metaProperties =
        new MetaProperties.Builder()
            .setVersion(MetaPropertiesVersion.V1)
            .setClusterId(Uuid.randomUuid().toString())
            .setNodeId(NODE_ID)
            .build();
    var directories = CollectionConverters.asScala(List.of(dataDir.toString())).toList();
    StorageTool.formatCommand(
        new PrintStream(OutputStream.nullOutputStream()),
        directories,
        metaProperties,
        MetadataVersion.LATEST_PRODUCTION,
        false);
  }

  /**
   * Kafka ends the process on fatal faults (Exit.halt / Exit.exit). Inside a test JVM or the local
   * launcher that would take everything down with it, so log instead and let the caller fail.
   */
  private static void keepKafkaFromEndingTheJvm() {
    Exit.Procedure refuse =
        (status, message) -> {
          log.error("Kafka asked to end the JVM with status {} ({}); refused", status, message);
          throw new IllegalStateException("Kafka fatal error: " + message);
        };
    Exit.setExitProcedure(refuse);
    Exit.setHaltProcedure(refuse);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
