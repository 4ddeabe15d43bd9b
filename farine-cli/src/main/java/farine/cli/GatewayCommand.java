package farine.cli;

import farine.Config;
import farine.gateway.Gateway;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code farine gateway --port 8080}: every RPC method of the broker's services over HTTP, until SIGINT/SIGTERM. */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Serves every RPC method of the services on the broker over HTTP: POST /rpc/SERVICE/METHOD with a JSON body,",
            "streams as Server-Sent Events or NDJSON, GET /services, GET /openapi.json, GET /health and a web console at /.",
            "Reads the [gateway] INI section (port, bind, max_body, tokens; docs/gateway.md). Without a token configured it",
            "listens on 127.0.0.1 only. Runs until SIGINT/SIGTERM (exit 0); exit 1 when it cannot start."},
        footerHeading = "%nExamples:%n",
        footer = {"  farine gateway --port 8080",
            "  curl -s localhost:8080/rpc/greeting/hello -d '[\"Ada\"]'"})
final class GatewayCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Mixin
    private BrokerOptions broker;

    @Option(names = "--port", paramLabel = "PORT", description = "The port (0: any free one). Default: [gateway] port, else 8080.")
    private Integer port;

    @Override
    public Integer call() throws InterruptedException {
        Config config = broker.config();
        LogLevel.apply(main.logLevel != null ? main.logLevel : LogLevel.INFO);
        String uri = broker.uri(config, Gateway.SECTION, "serve the services of");
        config = config.withOverride("amqp_uri", uri, "--amqp-uri");
        if (port != null) {
            config = config.withOverride("port", String.valueOf(port), "--port");
        }
        CountDownLatch stop = new CountDownLatch(1);
        new Signals(signal -> stop.countDown(), signal -> Runtime.getRuntime().halt(128 + signal)).install();
        try (Gateway gateway = Gateway.start(config)) {
            PrintWriter out = broker.out();
            out.println("farine gateway on " + gateway.uri() + " (Ctrl-C to stop)");
            out.flush();
            stop.await();
        }
        return Main.OK;
    }
}
