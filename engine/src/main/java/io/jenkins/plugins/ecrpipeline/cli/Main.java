package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import io.jenkins.plugins.ecrpipeline.process.ProcessExit;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code ecr-image-pipeline} command line: the engine's operations from a shell. */
@Command(name = "ecr-image-pipeline", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Builds the Docker images of a docker-compose project and pushes them to Amazon ECR "
                + "(or any registry): the nightly 'intermediate' build, from a shell or from Jenkins; then promotes tested images "
                + "without pulling them, deploys them, and cleans old images away by a policy.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  everything succeeded", "  1  at least one service failed to build, push, promote or deploy, or a planned delete failed",
                "  2  invalid input or environment (nothing was built or promoted)"})
public final class Main implements Runnable {
    /** The commands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(IntermediateBuildCommand.class, LoginCommand.class, WhoamiCommand.class,
            ExecCommand.class, PromoteCommand.class, DeployCommand.class, CleanupCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'build'");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        CliContext context = new CliContext(System.getenv(), out, err, new LocalCommandRunner(System.getenv()), Clock.systemUTC());
        ProcessExit.exit(commandLine(context, args).execute(args));
    }

    /** The command line wired to {@code context}, with every command; errors a user can fix print one message, no stack trace. */
    public static CommandLine commandLine(CliContext context) {
        return commandLine(context, COMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a command's name, with that command alone. Picocli reads
     * the annotations of every option of every command it is given (some 80 ms of a run that starts a JVM for one
     * command), and a run needs only its own; any other start (no command, an option, {@code help}, a word that is no
     * command) gets them all, for the help and the error message that lists them.
     */
    public static CommandLine commandLine(CliContext context, String... args) {
        if (args.length > 0 && !args[0].equals("help")) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(context, List.of(command));
                }
            }
        }
        return commandLine(context);
    }

    private static CommandLine commandLine(CliContext context, List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new Main(), new ContextFactory(context));
        commands.forEach(cli::addSubcommand);
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof PipelineException problem) {
                context.err().println("error: " + problem.getMessage() + problem.field().flatMap(CliSpelling::of).map(o -> " (option " + o + ")").orElse(""));
                context.err().flush();
                return ExitCodes.INVALID;
            }
            throw e;
        });
        cli.setExitCodeExceptionMapper(e -> ExitCodes.INVALID);
        // With --help anywhere picocli tolerates words it does not know, so 'promote --help' would print the top-level
        // help and exit 0; an unknown command is an error whatever follows it.
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            List<String> unmatched = parseResult.subcommand() == null ? parseResult.unmatched() : List.of();
            if (!unmatched.isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(cli, "unknown command '" + unmatched.get(0) + "'. Commands: "
                        + String.join(", ", cli.getSubcommands().keySet()) + ".");
            }
            return runLast.execute(parseResult);
        });
        return cli;
    }

    /** Creates commands that take the {@link CliContext} in their constructor; others the picocli way. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
