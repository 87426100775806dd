using System.Net.Http.Headers;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Microsoft.AspNetCore.Builder;

namespace Charta.Server.Tests;

/// <summary>
/// A real server on a free loopback port over a real SQLite ledger in a temporary folder: the illustrative company
/// (Juniper's terms) plus two small common holders, Alice and Bob, and one user per role.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public const string Alice = "Alice Holder";
    public const string Bob = "Bob Holder";

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "charta-server-" + Guid.NewGuid().ToString("N"));

    public string LedgerPath => Path.Combine(Dir, "ledger.db");

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public UserStore Users { get; private set; } = null!;

    public Dictionary<string, string> Tokens { get; } = [];

    /// <summary>Every holder name in the ledger, to check that a stockholder's responses name no one else.</summary>
    public IReadOnlyList<string> HolderNames { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        var charter = CharterLoader.LoadEmbedded(CharterLoader.DefaultCharterId);
        var start = new DateOnly(1996, 2, 6);
        using (var store = OpenStore())
        {
            var ledger = new CompanyLedger(store, TimeProvider.System);
            var events = IllustrativeCompany.Events(charter, CharterLoader.EmbeddedText(charter.Id)).ToList();
            events.Add(new StakeholderAdded(start, Alice, "individual"));
            events.Add(new StakeholderAdded(start, Bob, "individual"));
            events.Add(new SharesIssued(start, Alice, "common", 100_000, 0.01m));
            events.Add(new SharesIssued(start, Bob, "common", 200_000, 0.01m));
            var table = ledger.Append(events);
            Assert.True(table.IsOk, table.Refusal?.ToString());
            HolderNames = table.Value.Holders;
        }

        Users = OpenUsers();
        foreach (var (name, role, holder) in new (string, Role, string?)[]
                 {
                     ("admin", Role.Admin, null), ("counsel", Role.Counsel, null), ("viewer", Role.Viewer, null),
                     ("alice", Role.Stockholder, Alice), ("bob", Role.Stockholder, Bob),
                 })
            Tokens[name] = Users.Add(name, role, holder, DateTimeOffset.UtcNow).Value;

        App = ChartaServer.Build(new ServerOptions(LedgerPath, 0, TimeProvider.System) { OpenStore = StoreForServer(), Users = Users });
        await App.StartAsync();
        Address = ChartaServer.Address(App);
    }

    /// <summary>The ledger's store (SQLite at <see cref="LedgerPath"/>; PostgreSQL in <see cref="PostgresServerFixture"/>).</summary>
    protected virtual IEventStore OpenStore() => SqliteEventStore.Open(LedgerPath, create: true);

    /// <summary>Where the users are kept: beside the SQLite ledger; in the ledger's schema on PostgreSQL.</summary>
    protected virtual UserStore OpenUsers() => new(UserStore.PathFor(LedgerPath));

    /// <summary>How the server opens the store: null for its own default (the SQLite file, with change detection).</summary>
    protected virtual Func<IEventStore>? StoreForServer() => null;

    public HttpClient Client(string? user)
    {
        var c = new HttpClient { BaseAddress = Address };
        if (user is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[user]);
        return c;
    }

    public virtual async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The same server over a PostgreSQL ledger (a schema of its own), when CHARTA_TEST_PG is set.</summary>
public sealed class PostgresServerFixture : ServerFixture
{
    public static readonly string? ConnectionString = Environment.GetEnvironmentVariable("CHARTA_TEST_PG") is { Length: > 0 } s ? s : null;

    private readonly string _schema = "srv" + Guid.NewGuid().ToString("N");

    protected override IEventStore OpenStore() => Charta.Ledger.Postgres.PostgresEventStore.Open(ConnectionString!, _schema);

    protected override Func<IEventStore>? StoreForServer() => OpenStore;

    protected override UserStore OpenUsers() => UserStore.Postgres(ConnectionString!, _schema);

    public string Schema => _schema;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        using var s = Charta.Ledger.Postgres.PostgresEventStore.Open(ConnectionString!, _schema, create: false);
        s.DropForTests();
    }
}
