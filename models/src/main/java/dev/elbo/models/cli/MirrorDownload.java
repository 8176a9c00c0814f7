package dev.elbo.models.cli;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Downloads {@code BASE/FILE.gz} for each wanted file over HTTP(S) and installs the decompressed
 * content, verified: the SHA-256 sums are those of the raw files, so a mirror that compresses
 * differently is still accepted, and a wrong or damaged one never lands in the cache.
 */
final class MirrorDownload implements Fetcher.Source {
    private final String base;
    private final Consumer<String> status;
    private final HttpClient client;

    /** @param base URL ending in {@code /} (a missing slash is added) */
    MirrorDownload(String base, Consumer<String> status) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.status = status;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String describe() {
        return "the mirror " + base;
    }

    @Override
    public String tag() {
        return "mirror";
    }

    @Override
    public void install(List<DatasetSpec.FileSpec> wanted, Path folder) throws IOException {
        for (DatasetSpec.FileSpec f : wanted) {
            String url = base + f.name() + ".gz";
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new UserException("mirror URL '" + url + "' is not a valid URL");
            }
            status.accept("downloading " + url);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserException("interrupted while downloading " + url, e);
            } catch (IOException e) {
                throw new UserException("cannot download " + url + " (" + describe(e) + ")", e);
            } catch (IllegalArgumentException e) {
                throw new UserException("cannot download " + url + " (" + e.getMessage() + ")");
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new UserException("cannot download " + url + " (HTTP " + response.statusCode() + ")");
                }
                try (InputStream raw = new GZIPInputStream(new BufferedInputStream(body, 1 << 16), 1 << 16)) {
                    VerifiedFiles.install(raw, f, folder.resolve(f.name()));
                }
            } catch (VerifiedFiles.Mismatch m) {
                throw new UserException(url + ": " + (m.location.isEmpty() ? "" : "decompressed " + m.location + ": ")
                        + m.reason);
            } catch (ZipException | EOFException e) {
                throw new UserException(url + ": not gzip data, or damaged (" + e.getMessage() + ")");
            }
        }
    }

    /** A network failure in words: the JDK's exceptions often carry no message. */
    static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.http.HttpTimeoutException) {
                return "timed out";
            }
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof java.net.ConnectException) {
                return "cannot connect" + (t.getMessage() != null ? ": " + t.getMessage() : "");
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
