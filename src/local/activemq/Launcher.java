/*
 * mqload's launcher of a local Apache ActiveMQ Classic broker (`mqload local up --broker activemq`).
 * Built by src/local/activemq/broker.ts, run with the jars that local/activemq/pom.xml pins:
 *
 *   java -cp <classes>:<libs>/* Launcher <settings.properties>
 *
 * The properties file (mode 0600, written by mqload, holds the password) gives:
 *   dataDir     KahaDB and temp store directory
 *   amqpPort    the AMQP 1.0 transport, bound to 127.0.0.1 only
 *   user, password   the one user of the simple authentication plugin (SASL PLAIN); anonymous refused
 *   memoryLimitMb, storeLimitMb, tempLimitMb   system usage limits (producer flow control starts at memory 100 %)
 * The broker has no other transport: no OpenWire, no RMI JMX connector (MBeans are registered in
 * the platform server, which the Jolokia agent serves on 127.0.0.1), no multicast discovery.
 * The statistics plugin answers `ActiveMQ.Statistics.Destination.<name>` requests. The password
 * is never printed. SIGTERM stops the broker cleanly (BrokerService's shutdown hook).
 */
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Properties;

import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.security.AuthenticationUser;
import org.apache.activemq.security.SimpleAuthenticationPlugin;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

public final class Launcher {
  private static final long MB = 1024L * 1024L;

  private Launcher() {}

  private static String need(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isEmpty()) throw new IllegalArgumentException("settings lack " + key);
    return v;
  }

  /** Runs the broker until it stops; any start-up failure ends the JVM with exit 1 (the Jolokia agent's thread would keep it alive). */
  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) {
      System.err.println("mqload-activemq: the broker failed: " + t);
      t.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: Launcher <settings.properties>");
    Properties p = new Properties();
    try (InputStream in = new FileInputStream(args[0])) {
      p.load(in);
    }
    String dataDir = need(p, "dataDir");
    int amqpPort = Integer.parseInt(need(p, "amqpPort"));

    BrokerService broker = new BrokerService();
    broker.setBrokerName("mqload");
    broker.setDataDirectory(dataDir);
    broker.setUseJmx(true);
    broker.getManagementContext().setCreateConnector(false);
    broker.setAdvisorySupport(true);
    broker.setSchedulerSupport(false);
    broker.setUseShutdownHook(true);

    KahaDBPersistenceAdapter kahadb = new KahaDBPersistenceAdapter();
    kahadb.setDirectory(new java.io.File(dataDir, "kahadb"));
    kahadb.setJournalMaxFileLength((int) (32 * MB));
    broker.setPersistenceAdapter(kahadb);
    broker.setTmpDataDirectory(new java.io.File(dataDir, "tmp"));

    broker.getSystemUsage().getMemoryUsage().setLimit(Long.parseLong(p.getProperty("memoryLimitMb", "64")) * MB);
    broker.getSystemUsage().getStoreUsage().setLimit(Long.parseLong(p.getProperty("storeLimitMb", "1024")) * MB);
    broker.getSystemUsage().getTempUsage().setLimit(Long.parseLong(p.getProperty("tempLimitMb", "256")) * MB);

    // Producer flow control on (the default), so a full memory limit blocks senders instead of failing them.
    PolicyEntry all = new PolicyEntry();
    all.setQueue(">");
    all.setProducerFlowControl(true);
    PolicyEntry topics = new PolicyEntry();
    topics.setTopic(">");
    topics.setProducerFlowControl(true);
    PolicyMap policies = new PolicyMap();
    policies.setPolicyEntries(List.of(all, topics));
    broker.setDestinationPolicy(policies);

    SimpleAuthenticationPlugin auth = new SimpleAuthenticationPlugin(List.of(new AuthenticationUser(need(p, "user"), need(p, "password"), "admins")));
    auth.setAnonymousAccessAllowed(false);
    broker.setPlugins(new BrokerPlugin[] {auth, new StatisticsBrokerPlugin()});

    TransportConnector amqp = broker.addConnector(new URI("amqp://127.0.0.1:" + amqpPort + "?maximumConnections=1000&wireFormat.maxFrameSize=104857600"));
    amqp.setName("amqp");

    broker.start();
    if (!broker.waitUntilStarted()) throw new IllegalStateException("the broker did not start");
    System.out.println("mqload-activemq: broker started, AMQP on 127.0.0.1:" + amqpPort);
    broker.waitUntilStopped();
  }
}
