using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Kiota = DigiCert.CertCentral.OtherClients.Kiota.Models;
using KiotaClient = DigiCert.CertCentral.OtherClients.Kiota.CertCentralKiotaClient;
using NSwag = DigiCert.CertCentral.OtherClients.NSwag;
using NSwagClient = DigiCert.CertCentral.OtherClients.NSwag.Client;

namespace DigiCert.CertCentral.Benchmarks.Peers
{
    /// <summary>
    /// Every client of a benchmark, over one payload server: the floor's raw HttpClient, the
    /// reference, this client, and the peers (Refit, NSwag as generated with its first fix, Kiota).
    /// </summary>
    /// <remarks>
    /// Every HttpClient-based client has its own connection pool on the same transport: a
    /// SocketsHttpHandler with 64 connections per server (this client is given MaxConnections = 64
    /// too) that asks for gzip, deflate and Brotli, as this client's own transport does. The payload
    /// server compresses only in the compression benchmarks, so elsewhere that costs one request
    /// header. The peers carry the key as a default header, as their users' code does (Kiota's key
    /// provider refuses http://).
    /// </remarks>
    public sealed class Clients : IDisposable
    {
        public const string ApiKey = "BENCHMARKKEYPLACEHOLDER0000000000000000000000000";
        public const int Connections = 64;

        private readonly List<IDisposable> _owned = new();

        public Clients(Uri baseUri, long? maxResponseBytes = null, bool paced = false)
        {
            Raw = Own(new HttpClient(Transport()));
            Reference = new ReferenceClient(Raw, baseUri, ApiKey);
            var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = baseUri, MaxConnections = Connections };
            if (maxResponseBytes is long max) options.MaxResponseBytes = max;
            options.RateLimits.Clear();
            // Pacing on, with limits so high they never make a call wait: what the limiter itself costs.
            if (paced) options.RateLimits.Add(new RequestRateLimit(int.MaxValue, TimeSpan.FromSeconds(1)));
            Client = Own(new CertCentralClient(options));

            // Refit appends each method's path to BaseAddress, so the base URL goes in without its last slash.
            var refitHttp = Own(Keyed(new HttpClient(Transport()) { BaseAddress = new Uri(baseUri.AbsoluteUri.TrimEnd('/')) }));
            Refit = RefitPeer.Create(refitHttp);

            NSwag = new NSwagClient(Own(Keyed(new HttpClient(Transport())))) { BaseUrl = baseUri.AbsoluteUri };

            // Kiota's own HttpClient, with its default middleware (retry, redirect, headers and body
            // inspection, user agent, ...) in front of the same transport: what KiotaClientFactory gives its users.
            var kiotaHttp = Own(Keyed(KiotaClientFactory.Create(Transport())));
            Kiota = new KiotaClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: kiotaHttp) { BaseUrl = baseUri.AbsoluteUri.TrimEnd('/') });
        }

        public HttpClient Raw { get; }

        public ReferenceClient Reference { get; }

        public CertCentralClient Client { get; }

        public IRefitCertCentral Refit { get; }

        public NSwagClient NSwag { get; }

        public KiotaClient Kiota { get; }

        /// <summary>The transport of every HttpClient-based client here (see the remarks).</summary>
        public static SocketsHttpHandler Transport() => new() { MaxConnectionsPerServer = Connections, AutomaticDecompression = DecompressionMethods.All };

        public void Dispose()
        {
            foreach (var owned in _owned) owned.Dispose();
        }

        private T Own<T>(T disposable) where T : IDisposable
        {
            _owned.Add(disposable);
            return disposable;
        }

        private static HttpClient Keyed(HttpClient http)
        {
            http.DefaultRequestHeaders.Add("X-DC-DEVKEY", ApiKey);
            return http;
        }
    }

    /// <summary>
    /// What each client must have read from the seed recordings and the generated lists: a client that
    /// reads nothing (or the wrong thing) fails its benchmark's setup instead of looking fast. One
    /// overload per client's model; the seed checks read a few fields of each payload.
    /// </summary>
    public static class ReadChecks
    {
        /// <summary>The three seed calls of every client, checked.</summary>
        public static async Task SeedsAsync(Clients c)
        {
            Check(await c.Client.ListDuplicateCertificatesAsync(1));
            Check(await c.Client.GetKeyInfoAsync(15));
            Check(await c.Client.GetOrganizationValidationsAsync(1));
            Check(await c.Reference.ListDuplicateCertificatesAsync(1));
            Check(await c.Reference.GetKeyInfoAsync(15));
            Check(await c.Reference.GetOrganizationValidationsAsync(1));
            Check(await c.Refit.ListDuplicateCertificatesAsync(1));
            Check(await c.Refit.GetKeyInfoAsync(15));
            Check(await c.Refit.GetOrganizationValidationsAsync(1));
            Check(await c.NSwag.ListDuplicateCertificatesAsync(1, null));
            Check(await c.NSwag.GetKeyInfoAsync(15));
            Check(await c.NSwag.GetOrganizationValidationsAsync(1));
            Check((await c.Kiota.Order.Certificate[1].Duplicate.GetAsync())!);
            Check((await c.Kiota.Key[15].GetAsync())!);
            Check((await c.Kiota.Organization[1].Validation.GetAsync())!);
        }

        /// <summary>The generated list of <paramref name="count"/> certificates at <paramref name="orderId"/>, read by every client.</summary>
        public static async Task ListAsync(Clients c, int orderId, int count)
        {
            Check(await c.Client.ListDuplicateCertificatesAsync(orderId), count);
            Check(await c.Reference.ListDuplicateCertificatesAsync(orderId), count);
            Check(await c.Refit.ListDuplicateCertificatesAsync(orderId), count);
            Check(await c.NSwag.ListDuplicateCertificatesAsync(orderId, null), count);
            Check((await c.Kiota.Order.Certificate[orderId].Duplicate.GetAsync())!, count);
        }

        // This client.
        public static void Check(DuplicateCertificateList list)
        {
            var d = list.Certificates;
            Duplicates("client", d.Count, d[0].Id, d[0].CommonName, d[0].Status.Value, d[0].DnsNames[0], d[0].DateCreated, d[0].ServerPlatform?.Name, d[0].Archived, d[2].Lastname);
        }

        public static void Check(DuplicateCertificateList list, int count) => List("client", count, list.Certificates.Count, list.Certificates.Last().CommonName, list.Certificates.Last().Csr.Length);

        public static void Check(KeyInfo k) => KeyInfo("client", k.Id, k.User?.FirstName, k.Status.Value, k.CreateDate, k.RestrictedToRoleId?.Value, k.OrganizationId, k.ValidityDays, k.ValidityYears);

        public static void Check(OrganizationValidationList list)
        {
            var v = list.Validations;
            Validations("client", v.Count, v[0].Type.Value, v[0].ValidatedUntil, v[1].Status.Value, v[1].VerifiedUsers?[1].LastName);
        }

        // The reference.
        public static void Check(RefDuplicateCertificateList list)
        {
            var d = list.Certificates;
            Duplicates("reference", d.Count, d[0].Id, d[0].CommonName, d[0].Status, d[0].DnsNames[0], d[0].DateCreated, d[0].ServerPlatform.Name, d[0].Archived == "1", d[2].Lastname);
        }

        public static void Check(RefDuplicateCertificateList list, int count) => List("reference", count, list.Certificates.Count, list.Certificates.Last().CommonName, list.Certificates.Last().Csr.Length);

        public static void Check(RefKeyInfo k) => KeyInfo("reference", k.Id, k.User.FirstName, k.Status, k.CreateDate, k.RestrictedToRoleId, k.OrganizationId, Int(k.ValidityDays), Int(k.ValidityYears));

        public static void Check(RefValidationList list)
        {
            var v = list.Validations;
            Validations("reference", v.Count, v[0].Type, v[0].ValidatedUntil, v[1].Status, v[1].VerifiedUsers?[1].LastName);
        }

        // Refit.
        public static void Check(RefitDuplicateCertificateList list)
        {
            var d = list.Certificates;
            Duplicates("Refit", d.Count, d[0].Id, d[0].CommonName, d[0].Status, d[0].DnsNames[0], d[0].DateCreated, d[0].ServerPlatform?.Name, d[0].Archived, d[2].Lastname);
        }

        public static void Check(RefitDuplicateCertificateList list, int count) => List("Refit", count, list.Certificates.Count, list.Certificates.Last().CommonName, list.Certificates.Last().Csr.Length);

        public static void Check(RefitKeyInfo k) => KeyInfo("Refit", k.Id, k.User?.FirstName, k.Status, k.CreateDate, k.RestrictedToRoleId, k.OrganizationId, k.ValidityDays, k.ValidityYears);

        public static void Check(RefitValidationList list)
        {
            var v = list.Validations;
            Validations("Refit", v.Count, v[0].Type, v[0].ValidatedUntil, v[1].Status, v[1].VerifiedUsers?[1].LastName);
        }

        // NSwag as generated, with OpenValueSets.cs.
        public static void Check(NSwag.DuplicateCertificateList list)
        {
            var d = list.Certificates.ToList();
            Duplicates("NSwag", d.Count, d[0].Id, d[0].Common_name, d[0].Status?.Value, d[0].Dns_names.First(), Date(d[0].Date_created), d[0].Server_platform?.Name, d[0].Archived == "1", d[2].Lastname);
        }

        public static void Check(NSwag.DuplicateCertificateList list, int count) => List("NSwag", count, list.Certificates.Count, list.Certificates.Last().Common_name, list.Certificates.Last().Csr.Length);

        public static void Check(NSwag.KeyInfo k) => KeyInfo("NSwag", k.Id, k.User?.First_name, k.Status?.Value, Date(k.Create_date), k.Restricted_to_role_id?.Value, k.Organization_id?.Value, Int(k.Validity_days), Int(k.Validity_years));

        public static void Check(NSwag.OrganizationValidationList list)
        {
            var v = list.Validations.ToList();
            Validations("NSwag", v.Count, v[0].Type?.Value, Date(v[0].Validated_until), v[1].Status?.Value, v[1].Verified_users?.ElementAt(1).Last_name);
        }

        // Kiota.
        public static void Check(Kiota.DuplicateCertificateList list)
        {
            var d = list.Certificates!;
            Duplicates("Kiota", d.Count, d[0].Id ?? 0, d[0].CommonName, d[0].Status?.String, d[0].DnsNames?[0], Date(d[0].DateCreated), d[0].ServerPlatform?.Name, d[0].Archived == "1", d[2].Lastname);
        }

        public static void Check(Kiota.DuplicateCertificateList list, int count) => List("Kiota", count, list.Certificates!.Count, list.Certificates.Last().CommonName, list.Certificates.Last().Csr?.Length ?? 0);

        public static void Check(Kiota.KeyInfo k) =>
            KeyInfo("Kiota", k.Id ?? 0, k.User?.FirstName, k.Status?.String, Date(k.CreateDate), k.RestrictedToRoleId?.Integer, k.OrganizationId?.Int64 ?? k.OrganizationId?.Integer, Int(k.ValidityDays), Int(k.ValidityYears));

        public static void Check(Kiota.OrganizationValidationList list)
        {
            var v = list.Validations!;
            Validations("Kiota", v.Count, v[0].Type?.String, Date(v[0].ValidatedUntil), v[1].Status?.String, v[1].VerifiedUsers?[1].LastName);
        }

        private static void Duplicates(string who, int count, long id, string? commonName, string? status, string? firstDnsName, DateTimeOffset? created, string? platform, bool archived, string? lastLastname) =>
            Expect(who, "listDuplicateCertificates.seed.json",
                ("certificates", count, 3),
                ("[0].id", id, 12345L),
                ("[0].common_name", commonName, "example.com"),
                ("[0].status", status, "approved"),
                ("[0].dns_names[0]", firstDnsName, "sub.example.com"),
                ("[0].date_created", created, new DateTimeOffset(2016, 3, 25, 21, 1, 40, TimeSpan.Zero)),
                ("[0].server_platform.name", platform, "nginx"),
                ("[0].archived", archived, false),
                ("[2].lastname", lastLastname, "Valentine"));

        private static void KeyInfo(string who, long id, string? userFirstName, string? status, DateTimeOffset? created, int? role, long? organizationId, int? validityDays, int? validityYears) =>
            Expect(who, "getKeyInfo.acmeUrl.json",
                ("id", id, 15L),
                ("user.first_name", userFirstName, "Jill"),
                ("status", status, "active"),
                ("create_date", created, new DateTimeOffset(2018, 11, 20, 22, 27, 47, TimeSpan.Zero)),
                ("restricted_to_role_id", role, 0),
                ("organization_id", organizationId, 123456L),
                ("validity_days", validityDays, 0),
                ("validity_years", validityYears, 2));

        private static void Validations(string who, int count, string? firstType, DateTimeOffset? firstValidatedUntil, string? secondStatus, string? verifiedUserLastName) =>
            Expect(who, "getOrganizationValidations.seed.json",
                ("validations", count, 2),
                ("[0].type", firstType, "ov"),
                ("[0].validated_until", firstValidatedUntil, new DateTimeOffset(2019, 11, 9, 20, 28, 55, TimeSpan.Zero)),
                ("[1].status", secondStatus, "pending"),
                ("[1].verified_users[1].last_name", verifiedUserLastName, "Church"));

        private static void List(string who, int count, int actualCount, string? lastCommonName, int lastCsrLength) =>
            Expect(who, $"the generated list of {count:N0}",
                ("certificates", actualCount, count),
                ("[^1].common_name", lastCommonName, $"host{count - 1}.example.com"),
                ("[^1].csr is a PEM CSR", lastCsrLength > 1000, true));

        private static void Expect(string who, string payload, params (string Field, object? Actual, object? Expected)[] facts)
        {
            var wrong = facts.Where(f => !Equals(f.Actual, f.Expected)).Select(f => $"{f.Field} = {f.Actual ?? "null"}, expected {f.Expected}").ToList();
            if (wrong.Count > 0) throw new InvalidOperationException($"{who} misread {payload}: {string.Join("; ", wrong)}");
        }

        private static DateTimeOffset? Date(string? text) => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

        private static int? Int(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);
    }
}
