package farine.rpc.internal.client;

import farine.rpc.RemoteException;
import farine.rpc.internal.wire.ReplyFrame;
import tools.jackson.databind.JsonNode;

/**
 * Builds a {@link RemoteException} from a failure frame: from Java's {@code __error__} when present,
 * else from the Python text, which is either {@code Type: message} or a traceback whose last line is.
 */
final class RemoteErrors {

    private RemoteErrors() {
    }

    static RemoteException of(String service, String method, ReplyFrame frame) {
        String text = frame.except() == null ? "" : frame.except();
        JsonNode error = frame.error();
        if (error != null && error.isObject() && error.hasNonNull("type")) {
            return new RemoteException(service, method, error.get("type").asString(),
                    error.hasNonNull("message") ? error.get("message").asString() : "", text);
        }
        String line = summaryLine(text);
        int colon = line.indexOf(": ");
        if (colon < 0) {
            return new RemoteException(service, method, line.isEmpty() ? "Exception" : line, "", text);
        }
        return new RemoteException(service, method, line.substring(0, colon), line.substring(colon + 2), text);
    }

    private static String summaryLine(String text) {
        String[] lines = text.strip().split("\\R");
        if (!lines[0].startsWith("Traceback")) {
            return lines[0].strip();
        }
        // a Python traceback ends with "Type: message"; frames and source lines are indented
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank() && !Character.isWhitespace(lines[i].charAt(0))) {
                return lines[i].strip();
            }
        }
        return lines[0].strip();
    }
}
