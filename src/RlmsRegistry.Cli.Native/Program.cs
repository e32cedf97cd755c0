using RlmsRegistry.Cli;
using RlmsRegistry.Cli.Commands;

// The native rlms. The `analyze` verbs run here; every other command line (the registry's verbs, the command list) is
// run by the registry tools installed beside this program, with the same arguments, standard streams and exit code.
return args is ["analyze", ..]
    ? RlmsCli.RunOnConsole(args, AnalysisCommands.All)
    : RegistryTools.Run(args, Console.Error);
