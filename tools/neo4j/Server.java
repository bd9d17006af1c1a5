// A real Neo4j 5.26 server (Neo4j's own test harness) with a Bolt connector and no HTTP,
// for tests and benchmarks. Run as a single source file (no build step):
//
//   java -Xmx1g <flags from NEO4J_TESTING.md> -cp "$(cat classpath.txt)" Server.java WORKDIR PORT PAGECACHE
//
// PORT 0 picks a free port. Prints "bolt://127.0.0.1:PORT" on one line once the server
// accepts connections, then runs until its standard input closes (so it dies with the
// process that started it) and shuts the database down. Authentication is off.

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

public class Server {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Server.java WORKDIR PORT PAGECACHE (e.g. /tmp/neo4j 0 512m)");
            System.exit(2);
        }
        Path workDir = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        int port = Integer.parseInt(args[1]);
        // Set the page cache explicitly: the default would take half of the machine's memory.
        long pageCache = ByteUnit.parse(args[2]);

        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));

        int boltPort = neo4j.boltURI().getPort();
        System.out.println("bolt://127.0.0.1:" + boltPort);
        System.out.flush();

        InputStream in = System.in;
        while (in.read() != -1) {
            // Ignore input; end of input means the parent is gone or asked us to stop.
        }
        neo4j.close();
        System.exit(0);
    }
}
