using System.CommandLine;
using System.Globalization;
using Charta.Core;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Server;

namespace Charta.Cli.Commands;

/// <summary>`charta serve` and `charta user add|list`: the multi-user server over the same ledger (Charta.Server).</summary>
public static class ServerCommands
{
    public static IEnumerable<Command> All(CliContext ctx) => [Serve(ctx), User(ctx)];

    public static Command Serve(CliContext ctx)
    {
        var port = new Option<int>("--port") { Description = "The loopback port to listen on (127.0.0.1).", DefaultValueFactory = _ => 5080 };
        var demo = new Option<bool>("--demo") { Description = "Create the ledger with the illustrative company of 'charta demo' if --db does not exist, and print an admin token." };
        var usersOpt = Parse.Optional("--users", "The users file (default: LEDGER.users beside a SQLite ledger; with a postgres:// --db, the ledger's own schema in that database).");
        var import = Parse.Optional("--import", "With a postgres:// --db whose ledger is empty: first copy every event of this SQLite ledger into it (validated by the fold).");
        var host = Parse.Optional("--host", "The address to listen on (default 127.0.0.1; the container image uses 0.0.0.0).");
        var cmd = new Command("serve", "Serve the HTTP API (OpenAPI at /openapi/v1.json) and the web pages on 127.0.0.1; --db may be a postgres:// URI.") { port, demo, usersOpt, import, host };
        cmd.SetAction(p =>
        {
            var path = ctx.DbPath(p);
            var n = p.GetValue(port);
            if (n is < 1 or > 65535) throw Parse.Refuse("--port", n.ToString(CultureInfo.InvariantCulture), "must be a port number 1 to 65535");
            if (p.GetValue(demo) && !File.Exists(path))
            {
                var doc = CharterLoader.LoadEmbedded(CharterLoader.DefaultCharterId);
                using (var store = SqliteEventStore.Open(path, create: true))
                    CliContext.Require(new CompanyLedger(store, ctx.Clock).Append(IllustrativeCompany.Events(doc, CharterLoader.EmbeddedText(doc.Id))));
                var token = CliContext.Require(new UserStore(UserStore.PathFor(path)).Add("demo-admin", Role.Admin, null, ctx.Clock.GetUtcNow()));
                ctx.Out.WriteLine($"Created {path} with the illustrative company (ILLUSTRATIVE: invented holders on the real charter terms).");
                ctx.Out.WriteLine($"Admin token for demo-admin (shown once): {token}");
            }

            var usersPath = p.GetValue(usersOpt);
            if (ChartaServer.IsPostgres(path))
            {
                if (p.GetValue(demo)) throw Parse.Refuse("--demo", "true", "creates a SQLite ledger only; drop --demo with a postgres:// --db");
                var (cs, schema) = Charta.Ledger.Postgres.PostgresEventStore.FromUri(path);
                using var pg = Charta.Ledger.Postgres.PostgresEventStore.Open(cs, schema, create: true);
                if (p.GetValue(import) is { } from)
                {
                    if (!File.Exists(from)) throw Parse.Refuse("--import", from, "no such SQLite ledger");
                    using var source = SqliteEventStore.Open(from, create: false);
                    var events = source.ReadAll();
                    CliContext.Require(pg.Write<int>((existing, _) => existing.Count > 0
                        ? new Refusal("--import", from, "the PostgreSQL ledger is not empty; import only into a new ledger (another ?schema=)")
                        : Fold.TryAppend(existing, events).Map(_ => ((IReadOnlyList<RecordedEvent>)events, events.Count))));
                    ctx.Out.WriteLine($"Imported {events.Count.ToString(CultureInfo.InvariantCulture)} events from {from}.");
                }
            }
            else if (!File.Exists(path))
                throw Parse.Refuse("--db", path, "no ledger here; create one with 'charta init' (or pass --demo)");
            var address = System.Net.IPAddress.Loopback;
            if (p.GetValue(host) is { } h && !System.Net.IPAddress.TryParse(h, out address))
                throw Parse.Refuse("--host", h, "must be an IP address such as 127.0.0.1 or 0.0.0.0");
            var app = ChartaServer.Build(new ServerOptions(path, n, ctx.Clock)
            {
                Host = address!,
                UsersPath = usersPath,
                KeysPath = usersPath is null ? null : usersPath + ".keys",
            });
            ctx.Out.WriteLine($"Charta serving {(ChartaServer.IsPostgres(path) ? "the PostgreSQL ledger" : path)} on http://{address}:{n.ToString(CultureInfo.InvariantCulture)}/ (API under /api, OpenAPI at /openapi/v1.json). Ctrl+C stops.");
            ctx.Out.Flush();
            app.Run();
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command User(CliContext ctx)
    {
        var name = new Argument<string>("NAME") { Description = "The user's name (unique)." };
        var role = Parse.Required("--role", "admin, counsel (both record events), viewer (reads everything) or stockholder (reads its own holding).");
        var holder = Parse.Optional("--holder", "For a stockholder: the holder (as in the ledger) whose holding it may see.");
        var add = new Command("add", "Add a user of the server and print its API token once (only a salted hash is kept: in LEDGER.users, or in the PostgreSQL ledger's schema).") { name, role, holder };
        add.SetAction(p =>
        {
            var path = ctx.DbPath(p);
            var r = CliContext.Require(UserStore.ParseRole(Parse.Text(p, role)));
            var h = p.GetValue(holder);
            if (h is not null)
            {
                var table = ctx.Read(p, null);
                if (!table.HasHolder(h)) throw Parse.Refuse("--holder", h, "no such holder in the ledger; see 'charta holder list'");
            }
            else if (!ChartaServer.IsPostgres(path) && !File.Exists(path))
                throw Parse.Refuse("--db", path, "no ledger here; create one with 'charta init' (or pass --db / set CHARTA_DB)");

            var users = UserStore.For(path);
            var token = CliContext.Require(users.Add(p.GetValue(name)!, r, h, ctx.Clock.GetUtcNow()));
            ctx.Out.WriteLine($"Added {UserStore.RoleName(r)} '{p.GetValue(name)}'{(h is null ? "" : $" (holder '{h}')")} to {users.Path}.");
            ctx.Out.WriteLine($"API token (shown once; keep it secret): {token}");
            return Cli.Ok;
        });
        var list = new Command("list", "List the server's users (names, roles, holders; never tokens).");
        list.SetAction(p =>
        {
            var users = UserStore.For(ctx.DbPath(p));
            foreach (var u in users.List())
                ctx.Out.WriteLine($"{u.Name}\t{UserStore.RoleName(u.Role)}\t{u.Holder ?? "-"}");
            return Cli.Ok;
        });
        return new Command("user", "Users of 'charta serve'.") { add, list };
    }
}
