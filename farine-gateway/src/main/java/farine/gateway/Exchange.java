package farine.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One HTTP request and its answer, as the routes see it, whatever runs them ({@link HttpServers}, a test):
 * the request's method, decoded path and headers, its body as a stream, and either one fixed-length answer or a
 * streamed one (chunked, each {@code flush} sending what was written).
 */
interface Exchange {

    String method();

    /** The decoded path, without the query. */
    String path();

    /** The request header's first value, or null. */
    String header(String name);

    /** Sets a response header (before {@link #respond} or {@link #stream}). */
    void header(String name, String value);

    InputStream body() throws IOException;

    /** The answer with a fixed-length body. */
    void respond(int status, String contentType, byte[] body) throws IOException;

    /** Starts a streamed answer: the caller writes, flushes per item and closes the stream. */
    OutputStream stream(int status, String contentType) throws IOException;
}
