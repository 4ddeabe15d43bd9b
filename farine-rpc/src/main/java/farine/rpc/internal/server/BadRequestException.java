package farine.rpc.internal.server;

import farine.FarineException;

/**
 * A request the server cannot run: not JSON, wrong shape, arguments that do not bind. Answered with
 * an error reply whose type is the one a Python server would raise ({@code TypeError}, {@code ValueError}),
 * so callers in either language recognise it.
 */
final class BadRequestException extends FarineException {
    private static final long serialVersionUID = 1L;

    private final String pythonType;

    BadRequestException(String pythonType, String message) {
        super(message);
        this.pythonType = pythonType;
    }

    String pythonType() {
        return pythonType;
    }
}
