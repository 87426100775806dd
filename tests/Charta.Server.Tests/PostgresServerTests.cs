using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Charta.Server.Tests;

/// <summary>Skipped, saying why, when CHARTA_TEST_PG is not set; .ci/run starts a throw-away cluster and sets it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServerFixture.ConnectionString is null) Skip = "CHARTA_TEST_PG is not set: the server-on-PostgreSQL tests run in .ci/run";
    }
}

/// <summary>The server over PostgreSQL: the same views, and two writers on one sequence (409, then a retry after deciding again).</summary>
public sealed class Server_On_Postgres : IAsyncLifetime
{
    private PostgresServerFixture? _f;

    public async Task InitializeAsync()
    {
        if (PostgresServerFixture.ConnectionString is null) return;
        _f = new PostgresServerFixture();
        await _f.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_f is not null) await _f.DisposeAsync();
    }

    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    [PostgresFact]
    public async Task Two_writers_on_one_sequence_one_conflicts_and_retries()
    {
        using var a = _f!.Client("admin");
        using var b = _f.Client("counsel");
        // 20,000,000 founders' + 100,000 Alice + 200,000 Bob common, read back from PostgreSQL.
        Assert.Equal(20_300_000, (await Json(await a.GetAsync("/api/captable")))["totals"]!["commonOutstanding"]!.GetValue<long>());
        var seq = (await Json(await a.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        var results = await Task.WhenAll(
            a.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Alice, security = "common", shares = 10, price = 0.5m, date = "2001-01-01", expectedSequence = seq }),
            b.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Bob, security = "common", shares = 20, price = 0.5m, date = "2001-01-01", expectedSequence = seq }));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        var fresh = (await Json(await b.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        Assert.Equal(seq + 1, fresh);
        var retryAlice = results[0] == loser;
        var retry = await (retryAlice ? a : b).PostAsJsonAsync("/api/events/issue", retryAlice
            ? new { holder = ServerFixture.Alice, security = "common", shares = 10, price = 0.5m, date = "2001-01-01", expectedSequence = fresh }
            : new { holder = ServerFixture.Bob, security = "common", shares = 20, price = 0.5m, date = "2001-01-01", expectedSequence = fresh });
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        // Both issuances are in: 20,300,000 + 10 + 20.
        Assert.Equal(20_300_030, (await Json(await a.GetAsync("/api/captable")))["totals"]!["commonOutstanding"]!.GetValue<long>());
    }

    [PostgresFact]
    public async Task Users_live_in_the_ledgers_database_and_every_write_carries_the_user_on_the_event()
    {
        // No users file beside anything: the tokens were checked against the PostgreSQL schema's users table.
        Assert.False(File.Exists(UserStore.PathFor(_f!.LedgerPath)));
        using (var c = new Npgsql.NpgsqlConnection(PostgresServerFixture.ConnectionString))
        {
            c.Open();
            using var cmd = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM \"{_f.Schema}\".users", c);
            Assert.Equal(5L, (long)cmd.ExecuteScalar()!);   // admin, counsel, viewer, alice, bob
        }

        using var a = _f.Client("counsel");
        var r = await a.PostAsJsonAsync("/api/holders", new { name = "Dana Later" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var seq = (await Json(r))["lastSequence"]!.GetValue<long>();
        Assert.Equal("counsel", _f.Users.RecordedBy(seq));
        using var store = Charta.Ledger.Postgres.PostgresEventStore.Open(PostgresServerFixture.ConnectionString!, _f.Schema, create: false);
        var e = store.ReadAll().Single(x => x.Sequence == seq);
        Assert.Equal("counsel", e.RecordedBy);
        // The chain covers the user: the store's verification passes over every event.
        Assert.True(store.VerifyChain().IsOk);
    }

    [PostgresFact]
    public async Task A_stockholder_added_on_a_postgres_ledger_sees_only_its_own_positions()
    {
        // `charta user add carol --role stockholder --holder "Alice Holder" --db postgres://…` opens the users the way
        // the CLI does (UserStore.For on the ledger's URI): in the ledger's schema, not in a file.
        var b = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServerFixture.ConnectionString);
        var uri = $"postgres://{Uri.EscapeDataString(b.Username ?? "postgres")}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database ?? "postgres")}?schema={_f!.Schema}";
        var users = UserStore.For(uri);
        var token = users.Add("carol", Role.Stockholder, ServerFixture.Alice, DateTimeOffset.UtcNow);
        Assert.True(token.IsOk, token.Refusal?.ToString());
        Assert.Equal(Role.Stockholder, _f.Users.Verify(token.Value)!.Role);   // the server's users see her

        using var c = new HttpClient { BaseAddress = _f.Address };
        c.DefaultRequestHeaders.Authorization = new("Bearer", token.Value);
        var table = await Json(await c.GetAsync("/api/captable"));
        Assert.Equal([ServerFixture.Alice], table["holders"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()));
        // Alice's 100,000 common; the company's totals stay whole (20,000,000 + 100,000 + 200,000 at least).
        Assert.Equal(100_000, table["holders"]![0]!["positions"]![0]!["shares"]!.GetValue<long>());
        Assert.True(table["totals"]!["commonOutstanding"]!.GetValue<long>() >= 20_300_000);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/api/holders/" + Uri.EscapeDataString(ServerFixture.Bob))).StatusCode);
        var w = await c.GetStringAsync("/api/waterfall?exit=250000000");
        Assert.DoesNotContain(ServerFixture.Bob, w, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.PostAsJsonAsync("/api/events/issue",
            new { holder = ServerFixture.Alice, security = "common", shares = 1, price = 1m, date = "2001-01-01", dryRun = true })).StatusCode);
    }
}
