package io.postern.log;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the module's HTTP endpoint the way Prometheus and an operator's script would. */
final class Scrape {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final InetSocketAddress address;

    Scrape(InetSocketAddress address) {
        this.address = address;
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String metrics() throws IOException, InterruptedException {
        return get("/metrics", null).body();
    }

    /**
     * The sum of the samples of {@code name} whose labels include every {@code labels} entry
     * ({@code server="imap"}); 0 when there is none.
     */
    static double value(String exposition, String name, String... labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String key = line.substring(0, space);
            String metric = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            if (metric.equals(name) && containsAll(key, labels)) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }

    private static boolean containsAll(String key, String... labels) {
        for (String label : labels) {
            if (!key.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
