using RlmsRegistry.Cli;
using RlmsRegistry.Cli.Commands;

// The registry tools: every rlms command, the analysis verbs and those that open the registry database. Thin host: all
// behaviour lives in RlmsCli.Run so tests can run commands in-process.
return RlmsCli.RunOnConsole(args, CommandRegistry.All);
