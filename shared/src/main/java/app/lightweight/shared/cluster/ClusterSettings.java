package app.lightweight.shared.cluster;

import app.lightweight.shared.config.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

/**
 * How a service's JVM joins the Hazelcast cluster that carries the event bus.
 *
 * <ul>
 *   <li>{@code loopback} (default): TCP/IP join on 127.0.0.1 ports 5701–5710, no multicast;
 *   <li>{@code aws}: Hazelcast's AWS discovery (ECS tasks find each other through the ECS API);
 *   <li>{@code none}: no cluster; the event bus is local to the JVM.
 * </ul>
 */
public record ClusterSettings(String mode, String host, int port, String clusterName) {

  public static ClusterSettings from(Settings settings) {
    String mode = settings.string("CLUSTER_MODE", "loopback").toLowerCase();
    if (!mode.equals("loopback") && !mode.equals("aws") && !mode.equals("none")) {
      throw new Settings.InvalidSetting("CLUSTER_MODE", "one of loopback, aws, none; was " + mode);
    }
    return new ClusterSettings(
        mode,
        settings.string("CLUSTER_HOST", "127.0.0.1"),
        settings.integer("CLUSTER_PORT", 5701),
        settings.string("CLUSTER_NAME", "lightweight"));
  }

  public boolean clustered() {
    return !mode.equals("none");
  }

  public Config hazelcastConfig() {
    // Hazelcast reports usage to its vendor unless told not to; we never phone home.
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", "slf4j");
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "20");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(true).setPortCount(10);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (mode.equals("aws")) {
      join.getAwsConfig().setEnabled(true).setProperty("hz-port", port + "-" + (port + 9));
      config.getNetworkConfig().getInterfaces().setEnabled(false);
    } else {
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
      config.setProperty("hazelcast.local.localAddress", host);
      // a member without a port is probed on the whole port range (port .. port + 9)
      join.getTcpIpConfig().setEnabled(true).addMember(host);
    }
    return config;
  }
}
