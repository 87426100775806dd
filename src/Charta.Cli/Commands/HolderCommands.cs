using System.CommandLine;
using Charta.Cli.Output;
using Charta.Core.Ledger;

namespace Charta.Cli.Commands;

/// <summary>`charta holder add|list`: the stakeholder register.</summary>
public static class HolderCommands
{
    public static Command Holder(CliContext ctx)
    {
        var cmd = new Command("holder", "Add or list stakeholders.");
        var name = new Argument<string>("NAME") { Description = "The stakeholder's name, as it will appear in --holder." };
        var kind = Parse.Optional("--kind", "Optional: individual, entity, employee, investor …");
        var add = new Command("add", "Add a stakeholder.") { name, kind }.Records(restate: false);
        add.SetAction(p =>
        {
            var n = p.GetValue(name)!;
            ctx.Append(p, new StakeholderAdded(ctx.Today, n, p.GetValue(kind)));
            ctx.Out.WriteLine($"Added stakeholder '{n}'.");
            return Cli.Ok;
        });
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List stakeholders.") { json };
        list.SetAction(p =>
        {
            var table = ctx.Read(p, null);
            if (p.GetValue(json))
                return ctx.WriteJson(new { holders = table.Holders.Select(h => new { name = h, kind = table.HolderKinds[h] }) });
            var t = new TextTable("Name", "Kind");
            foreach (var h in table.Holders) t.Row(h, table.HolderKinds[h] ?? "-");
            t.WriteTo(ctx.Out);
            return Cli.Ok;
        });
        cmd.Subcommands.Add(add);
        cmd.Subcommands.Add(list);
        return cmd;
    }
}
