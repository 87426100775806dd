using System.CommandLine;
using Charta.Cli.Commands;

namespace Charta.Cli;

/// <summary>
/// The `charta` command. Hosts stay thin: each verb parses its input into domain values, calls one core function and
/// renders the result. Exit codes: 0 success, 2 bad input or a refusal by the charter (one line on stderr, nothing
/// written), 1 an internal failure (a bug; no stack trace is shown).
/// </summary>
public static class Cli
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider clock)
    {
        var ctx = new CliContext(stdout, stderr, environment, clock);
        var root = BuildRoot(ctx);
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
                stderr.WriteLine("Run 'charta --help' for usage.");
                return BadInput;
            }

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliRefusalException r)
        {
            stderr.WriteLine($"error: {r.Refusal}");
            return BadInput;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"internal error: {ex.GetType().Name}: {ex.Message}");
            stderr.WriteLine("This is a bug in Charta. Nothing was written to the ledger.");
            return InternalError;
        }
    }

    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("Charta executes a company's certificate of incorporation against its cap-table ledger.");
        root.Options.Add(ctx.DbOption);
        root.Subcommands.Add(CompanyCommands.Init(ctx));
        root.Subcommands.Add(CompanyCommands.Charter(ctx));
        root.Subcommands.Add(HolderCommands.Holder(ctx));
        foreach (var c in TransactionCommands.All(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(CapTableCommands.CapTable(ctx));
        root.Subcommands.Add(CapTableCommands.Log(ctx));
        root.Subcommands.Add(CapTableCommands.Void(ctx));
        root.Subcommands.Add(DemoCommand.Demo(ctx));
        root.Subcommands.Add(OcfCommands.Import(ctx));
        root.Subcommands.Add(OcfCommands.Export(ctx));
        root.Subcommands.Add(OcfCommands.Vesting(ctx));
        foreach (var c in ConversionCommands.All(ctx)) root.Subcommands.Add(c);
        foreach (var c in GovernanceCommands.All(ctx)) root.Subcommands.Add(c);
        foreach (var c in LiquidationCommands.All(ctx)) root.Subcommands.Add(c);
        foreach (var c in ServerCommands.All(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(ValuationCommands.Value(ctx));
        return root;
    }
}
