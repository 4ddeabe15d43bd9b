package farine.cli;

import farine.Config;
import farine.ConfigSection;
import farine.Container;
import farine.ServiceName;
import farine.spi.LogText;
import farine.internal.Plugins;
import farine.spi.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code farine config [--start=...]}: the effective configuration per service, each value with where
 * it comes from (file and section, environment variable, or default) and secrets masked.
 */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Prints the effective configuration, per service or section, with each value's source; secrets masked.")
final class ConfigCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ServiceOptions services;

    @Override
    public Integer call() {
        Config config = services.config(main);
        List<String> sections = new ArrayList<>();
        if (services.start().isEmpty()) {
            sections.add(Config.DEFAULT_SECTION);
            sections.addAll(config.sections());
        } else {
            List<Class<?>> classes = services.discover(main);
            classes.forEach(type -> sections.add(ServiceName.of(type)));
            // wiring reads and checks every value a start would (a bad one is exit 1 here too); its warnings
            // would mix with the INI on stdout, so misspelt sections are said below as comments instead
            LogLevel.apply(LogLevel.ERROR);
            Container.create(config, classes);
        }
        ClassLoader loader = services.loader(main);
        Plugins plugins = Plugins.load(loader);
        // every value read as a start reads it (exit 1 on a bad one), also in sections no service of --start uses
        for (String name : new LinkedHashSet<>(sections)) {
            plugins.validate(config.section(name));
        }
        LogLevel.fromConfig(config);
        LogFormat.fromConfig(config);
        Set<String> known = new TreeSet<>(plugins.configKeys());
        known.add(LogLevel.LOG_LEVEL);
        PrintWriter out = spec.commandLine().getOut();
        out.println("; farine configuration from " + config.origin() + " (environment overrides applied, secrets masked)");
        for (String name : new LinkedHashSet<>(sections)) {
            print(out, config.section(name), known);
        }
        if (!services.start().isEmpty()) {
            for (String section : config.sections()) {
                if (!sections.contains(section)) {
                    Suggestions.closest(section, new TreeSet<>(sections)).ifPresent(name -> out.println(
                            "; warning: [" + section + "] names no service here: did you mean [" + name + "]? (its keys are ignored)"));
                }
            }
        }
        out.flush();
        return Main.OK;
    }

    private static void print(PrintWriter out, ConfigSection section, Set<String> known) {
        out.println();
        out.println("[" + LogText.escape(section.name()) + "]");
        List<String> lines = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String key : new TreeSet<>(section.keys())) {
            String value = section.get(key).orElse("");
            // a value from the environment may hold a newline: escaped, it cannot print a forged [section] or key
            lines.add(LogText.escape(key) + " = " + LogText.escape(Config.masked(key, value)));
            String source = section.source(key);
            String plain = key.contains(".") ? key.substring(key.lastIndexOf('.') + 1) : key;
            sources.add(known.contains(plain) ? source : source + ", unknown key");
        }
        int width = lines.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < lines.size(); i++) {
            out.println(String.format("%-" + width + "s  ; %s", lines.get(i), sources.get(i)));
        }
        Set<String> unset = new TreeSet<>(known);
        unset.removeAll(section.keys());
        if (!unset.isEmpty()) {
            out.println("; default: " + String.join(", ", unset));
        }
    }
}
