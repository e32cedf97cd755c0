using System.Text;
using RlmsRegistry.Cli;
using RlmsRegistry.Cli.Commands;

// The native rlms. The `analyze` verbs run here; every other command line (the registry's verbs, the command list) is
// run by the registry tools installed beside this program, with the same arguments, standard streams and exit code.
if (args is not ["analyze", ..])
{
    return RegistryTools.Run(args, Console.Error);
}

var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
int code = RlmsCli.Run(args, stdout, stderr, Console.In, AnalysisCommands.All);
stdout.Flush();
return code;
