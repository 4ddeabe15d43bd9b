package farine.rpc;

import farine.FarineException;

/**
 * The broker returned a request at once because no queue receives it: no server of {@code service.method}
 * runs on this broker and none ever declared its queue (the service never started here, the method does not
 * exist, a typo), so waiting for the timeout would be pointless. Requests are published mandatory for this
 * (docs/registry.md). A service that ran once keeps its durable queue: its requests wait there instead.
 */
public class NotServedException extends FarineException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String method;

    public NotServedException(String service, String method, String correlationId) {
        super("no queue receives " + service + "." + method + " (routing key " + service + "__" + method + " on exchange " + service
                + ", correlation_id=" + correlationId + "): service '" + service + "' has never run on this broker, or has no RPC method '"
                + method + "'; 'farine list' shows what runs, 'farine describe " + service + "' its methods");
        this.service = service;
        this.method = method;
    }

    public String service() {
        return service;
    }

    public String method() {
        return method;
    }
}
