package farine.rpc;

import farine.FarineException;
import java.time.Duration;

/**
 * No (further) reply arrived in time: the call's total deadline passed, or a stream stayed idle
 * longer than its idle timeout. The pending call has been forgotten; a reply arriving later is dropped.
 */
public class RpcTimeoutException extends FarineException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String method;
    private final Duration timeout;
    private final String correlationId;

    public RpcTimeoutException(String what, String service, String method, Duration timeout, String correlationId) {
        super(what + " from " + service + "." + method + " within " + timeout.toMillis() + " ms (correlation_id=" + correlationId + ")");
        this.service = service;
        this.method = method;
        this.timeout = timeout;
        this.correlationId = correlationId;
    }

    public String service() {
        return service;
    }

    public String method() {
        return method;
    }

    public Duration timeout() {
        return timeout;
    }

    public String correlationId() {
        return correlationId;
    }
}
