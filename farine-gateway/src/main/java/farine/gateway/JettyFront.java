package farine.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * The gateway on Jetty 12's own handler API ({@code -Dfarine.gateway.server=jetty}): the selector on platform threads,
 * each request's handler on a virtual thread; the connector's idle timeout is {@code read_timeout}. Jetty is an
 * optional dependency of farine-gateway (farine-bench brings it, to compare the servers): this class is loaded only
 * when chosen.
 */
final class JettyFront {

    private JettyFront() {
    }

    static HttpServers.Front start(GatewaySettings settings, Route routes) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("farine-gateway-jetty");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.readTimeout().toMillis());
        server.addConnector(connector);
        server.setStopTimeout(1000);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    HttpServers.handle(routes, new JettyExchange(request, response));
                    callback.succeeded();
                } catch (Throwable e) {
                    callback.failed(e);
                }
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the failure to start is the one reported
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return new HttpServers.Front() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void stop() {
                try {
                    server.stop();
                } catch (Exception e) {
                    LoggerFactory.getLogger(JettyFront.class).debug("stopping Jetty", e);
                }
            }
        };
    }

    private record JettyExchange(Request request, Response response) implements Exchange {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            return request.getHttpURI().getDecodedPath();
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public void header(String name, String value) {
            response.getHeaders().put(name, value);
        }

        @Override
        public InputStream body() {
            return Content.Source.asInputStream(request);
        }

        @Override
        public void respond(int status, String contentType, byte[] body) throws IOException {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            try (Blocker.Callback done = Blocker.callback()) {
                response.write(true, ByteBuffer.wrap(body), done);
                done.block();
            }
        }

        @Override
        public OutputStream stream(int status, String contentType) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            return Content.Sink.asOutputStream(response);
        }
    }
}
