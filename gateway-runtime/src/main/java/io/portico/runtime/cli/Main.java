package io.portico.runtime.cli;

import io.portico.runtime.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portico}: the command line. Subcommands do the work. */
@Command(name = "portico",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Portico, an API gateway: routes each request to the right service and runs plugins on the way.",
        subcommands = {RunCommand.class, ValidateCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        Logging.configure();
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"portico " + Version.VERSION + " (Java " + Runtime.version() + ")"};
        }
    }
}
