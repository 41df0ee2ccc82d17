package io.jenkins.plugins.ecrpipeline.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client's TLS: set up only when a connection needs it for registries reached over plain HTTP, and then
 * the same as the JDK's (trust, host name check); the JDK's own for any run that reaches a registry over HTTPS.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryHttpTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    Path temp;

    @Test
    void aClientForPlainHttpRegistriesTalksToThemWithoutSettingUpTls(LocalStack stack) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpClient http = RegistryHttp.forRegistries(List.of(stack.registry()), Duration.ofSeconds(5), () -> {
            asked.incrementAndGet();
            throw new AssertionError("TLS was set up for a plain HTTP registry");
        });

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + stack.registry() + "/v2/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 401, "the registry answered: " + answer.statusCode());
        assertEquals(0, asked.get());
        assertNotSame(SSLContext.getDefault(), http.sslContext(), "not the JDK's default, which is set up when the client is built");
    }

    @Test
    void anHttpsAddressMetAfterAllGetsTheSourcesTlsWithItsTrustAndHostNameCheck() throws Exception {
        Path forLoopback = keyStore("loopback", "ip:127.0.0.1");
        Path forElsewhere = keyStore("elsewhere", "dns:elsewhere.example");
        AtomicInteger asked = new AtomicInteger();
        for (Path served : List.of(forLoopback, forElsewhere)) {
            HttpsServer server = httpsServer(served);
            try {
                Supplier<SSLContext> trusting = () -> {
                    asked.incrementAndGet();
                    return trusting(forLoopback, forElsewhere);
                };
                HttpClient http = RegistryHttp.forRegistries(List.of("127.0.0.1:5000"), Duration.ofSeconds(5), trusting);
                HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/token")).build();
                if (served == forLoopback) {
                    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    assertEquals("token", answer.body());
                } else {
                    // Trusted, but issued for another name: the host name check of the JDK's client still holds.
                    assertThrows(SSLHandshakeException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
                }
            } finally {
                server.stop(0);
            }
        }
        assertEquals(2, asked.get(), "each client asked its source once, when it first needed TLS");
    }

    @Test
    void aClientForAnyHttpsRegistryHasTheJdksDefaultTls() throws Exception {
        HttpClient http = RegistryHttp.forRegistries(List.of("127.0.0.1:5000", "123456789012.dkr.ecr.eu-west-1.amazonaws.com"),
                Duration.ofSeconds(5));

        assertSame(SSLContext.getDefault(), http.sslContext());
    }

    /** A PKCS12 key store with a new key and a certificate for {@code subjectAlternativeName}, written by the JDK's keytool. */
    private Path keyStore(String name, String subjectAlternativeName) throws Exception {
        Path store = temp.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=" + subjectAlternativeName,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        return store;
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }

    private static HttpsServer httpsServer(Path store) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(store), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/token", exchange -> {
            byte[] body = "token".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A context that trusts the certificates of both stores (and nothing else). */
    private static SSLContext trusting(Path... stores) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (Path store : stores) {
                KeyStore keys = load(store);
                String alias = keys.aliases().nextElement();
                trusted.setCertificateEntry(alias, keys.getCertificate(alias));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
