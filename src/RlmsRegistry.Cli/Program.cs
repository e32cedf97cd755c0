using System.Text;
using RlmsRegistry.Cli;
using RlmsRegistry.Cli.Commands;

// The registry tools: every rlms command, the analysis verbs and those that open the registry database. Thin host: all
// behaviour lives in RlmsCli.Run so tests can run commands in-process.
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
int code = RlmsCli.Run(args, stdout, stderr, Console.In, CommandRegistry.All);
stdout.Flush();
return code;
