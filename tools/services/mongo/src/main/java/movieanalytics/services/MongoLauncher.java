package movieanalytics.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * Local MongoDB-wire server for development and tests: mongo-java-server on a file-backed H2
 * MVStore, so data survives restarts.
 *
 * <pre>java -cp 'libs/*' movieanalytics.services.MongoLauncher --port 27017 --data .local/mongo/data.mv</pre>
 *
 * Options fall back to MONGO_HOST, MONGO_PORT, MONGO_DATA_FILE, MONGO_REPORTED_VERSION.
 */
public final class MongoLauncher {

    /**
     * mongo-java-server 1.x reports wire version 8 at most, and the MongoDB Node driver 7 refuses
     * anything below 9 (MongoDB 4.4). We report MongoDB 6.0 (wire 17): well inside the driver's
     * range, yet old enough that the driver takes no newer code paths.
     */
    record ReportedVersion(List<Integer> versionArray, int wireVersion) implements MongoVersion {
        @Override
        public List<Integer> getVersionArray() {
            return versionArray;
        }

        @Override
        public int getWireVersion() {
            return wireVersion;
        }

        static ReportedVersion parse(String version) {
            return switch (version) {
                case "4.4" -> new ReportedVersion(List.of(4, 4, 0), 9);
                case "5.0" -> new ReportedVersion(List.of(5, 0, 0), 13);
                case "6.0" -> new ReportedVersion(List.of(6, 0, 0), 17);
                case "7.0" -> new ReportedVersion(List.of(7, 0, 0), 21);
                default -> throw new IllegalArgumentException("unsupported --version " + version + " (4.4, 5.0, 6.0, 7.0)");
            };
        }
    }

    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
        "create", "createindexes", "dropindexes", "drop", "dropdatabase", "renamecollection", "aggregate");

    /**
     * Two additions to the H2 backend: the modern "hello" handshake (drivers send it when a serverApi
     * is configured), and a commit after every write command, so an acknowledged write survives a
     * kill -9.
     *
     * <p>A commit must never fall inside another write command. mongo-java-server writes a document
     * into its collection's data map and then into each index map, one put at a time; a commit taken
     * between those puts, and a kill -9 after it, leaves a document that the _id index does not know.
     * After the restart every insert of that id fails ("Document with key ... already existed") while
     * every find misses it, so a consumer retrying its batch is stuck for good. Write commands therefore
     * run under the shared side of a lock, and the commit takes the exclusive side: it waits for the
     * writes in flight and lets no new one start until it is done. MVStore's own background commit
     * (once a second, at any point of a command) is switched off for the same reason (see main).
     */
    static final class Backend extends H2Backend {
        private final ReentrantReadWriteLock commits = new ReentrantReadWriteLock(true);

        Backend(MVStore store) {
            super(store);
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            if (command.equalsIgnoreCase("hello")) {
                Document response = super.handleCommand(channel, databaseName, "ismaster", query);
                response.remove("ismaster");
                response.put("isWritablePrimary", Boolean.TRUE);
                return response;
            }
            if (!WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
                return super.handleCommand(channel, databaseName, command, query);
            }
            commits.readLock().lock();
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                commits.readLock().unlock();
                commits.writeLock().lock();
                try {
                    commit();
                } finally {
                    commits.writeLock().unlock();
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        // mongo-java-server extracts $year, $month, ... in the JVM's default zone; MongoDB uses UTC.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        String host = option(args, "--host", "MONGO_HOST", "127.0.0.1");
        int port = Integer.parseInt(option(args, "--port", "MONGO_PORT", "27017"));
        Path dataFile = Path.of(option(args, "--data", "MONGO_DATA_FILE", ".local/mongo/data.mv")).toAbsolutePath();
        ReportedVersion version = ReportedVersion.parse(option(args, "--version", "MONGO_REPORTED_VERSION", "6.0"));

        Files.createDirectories(dataFile.getParent());
        // No background compaction: H2 2.3's chunk rewrite opens maps it has not seen in this run with
        // its generic key type, and on mongo-java-server's index keys that fails with "Can not compare"
        // and takes the store down (seen after ~30 min of bulk writes and database drops in the
        // benchmark). Dead chunks are still freed and their space reused; the file is compacted
        // offline when the server stops (the shutdown hook below).
        // No background commit either: it would store whatever the write commands in flight have done so
        // far (see Backend). Every write command commits when it is done, so nothing waits for it.
        MVStore store = new MVStore.Builder().fileName(dataFile.toString()).autoCompactFillRate(0)
            .autoCommitDisabled().cacheSize(cacheMb()).open();
        // Committing every write creates many small chunks; let their space be reused after 5 s
        // instead of 45 s (the default guards against power loss, not against a killed process).
        store.setRetentionTime(5_000);
        Backend backend = new Backend(store);
        backend.version(version);
        MongoServer server = new MongoServer(backend);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("mongo-launcher: shutting down, committing " + dataFile);
            server.shutdownNow();
            long before = dataFile.toFile().length();
            MVStoreTool.compact(dataFile.toString(), true);
            System.err.printf("mongo-launcher: compacted %s (%d -> %d bytes)%n", dataFile, before, dataFile.toFile().length());
        }, "shutdown"));

        server.bind(host, port);
        // services.mjs does not rely on this line (it pings), but it makes the log readable.
        System.err.printf("mongo-launcher: listening on %s:%d, data %s, reporting MongoDB %s (wire %d)%n",
            host, port, dataFile, version.toVersionString(), version.getWireVersion());
    }

    /** MVStore page cache in MB (H2's default is 16): MONGO_CACHE_MB, default 64. */
    private static int cacheMb() {
        String raw = System.getenv("MONGO_CACHE_MB");
        return raw == null || raw.isBlank() ? 64 : Integer.parseInt(raw.trim());
    }

    private static String option(String[] args, String flag, String env, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        String fromEnv = System.getenv(env);
        return fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv;
    }
}
