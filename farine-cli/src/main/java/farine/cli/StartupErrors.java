package farine.cli;

import farine.FarineException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command throws before its services run: a bad configuration, a service not found, a broker
 * that cannot be reached. One clear line on stderr and exit status 1; a stack trace only for what is
 * not farine's own error (a bug).
 */
final class StartupErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof FarineException) {
            command.getErr().println("farine: " + e.getMessage());
        } else {
            command.getErr().println("farine: unexpected error: " + e);
            e.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return Main.STARTUP_ERROR;
    }
}
