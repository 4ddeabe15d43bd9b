package farine.rpc;

import farine.FarineException;

/**
 * The remote method failed: thrown by a client call (or completing its future) with what the server
 * reported, whether the server is written in Java ({@code __error__}) or Python ({@code __except__}
 * text, PROTOCOL.md §3).
 */
public class RemoteException extends FarineException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String method;
    private final String remoteType;
    private final String remoteMessage;
    private final String remoteTrace;

    public RemoteException(String service, String method, String remoteType, String remoteMessage, String remoteTrace) {
        super(service + "." + method + " failed remotely: " + remoteType
                + (remoteMessage == null || remoteMessage.isEmpty() ? "" : ": " + remoteMessage));
        this.service = service;
        this.method = method;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage == null ? "" : remoteMessage;
        this.remoteTrace = remoteTrace == null ? "" : remoteTrace;
    }

    public String service() {
        return service;
    }

    public String method() {
        return method;
    }

    /** The remote exception's type as the server named it: {@code java.lang.IllegalStateException}, {@code ValueError}. */
    public String remoteType() {
        return remoteType;
    }

    public String remoteMessage() {
        return remoteMessage;
    }

    /** The server's whole {@code __except__} text (type, message and trace). */
    public String remoteTrace() {
        return remoteTrace;
    }
}
