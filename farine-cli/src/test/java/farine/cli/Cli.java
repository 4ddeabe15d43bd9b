package farine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the launcher's command line in-process with a given environment and working directory, capturing its output. */
record Cli(Map<String, String> env, Path workingDirectory) {

    record Result(int exitCode, String out, String err) {
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // as bin/farine runs it: a service run on the launcher's own options, the rest on the whole command line
        int code = Main.execute(new Main(env, workingDirectory), args, commandLine -> {
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
        });
        return new Result(code, out.toString(), err.toString());
    }
}
