using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Benchmarks
{
    // The reference: what a careful hand-written client would do with HttpClient and
    // System.Text.Json source-generated deserialization, for the same three responses.

    public sealed class RefDuplicateCertificateList { public List<RefDuplicateCertificate> Certificates { get; set; } = new(); }

    public sealed class RefDuplicateCertificate
    {
        public int Id { get; set; }
        public string? Thumbprint { get; set; }
        public string? SerialNumber { get; set; }
        public string CommonName { get; set; } = "";
        public List<string> DnsNames { get; set; } = new();
        public string Status { get; set; } = "";
        public DateTimeOffset DateCreated { get; set; }
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidTill { get; set; }
        public int? DaysRemaining { get; set; }
        public string Csr { get; set; } = "";
        public RefServerPlatform ServerPlatform { get; set; } = new();
        public string SignatureHash { get; set; } = "";
        public int KeySize { get; set; }
        public string CaCertId { get; set; } = "";
        public string SubId { get; set; } = "";
        public string PublicId { get; set; } = "";
        public string Archived { get; set; } = "";
        public int UserId { get; set; }
        [JsonPropertyName("firstname")] public string Firstname { get; set; } = "";
        [JsonPropertyName("lastname")] public string Lastname { get; set; } = "";
    }

    public sealed class RefServerPlatform
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string? InstallUrl { get; set; }
        public string? CsrUrl { get; set; }
    }

    public sealed class RefUser
    {
        public int Id { get; set; }
        public string FirstName { get; set; } = "";
        public string LastName { get; set; } = "";
    }

    public sealed class RefKeyInfo
    {
        public int Id { get; set; }
        public RefUser User { get; set; } = new();
        public string Status { get; set; } = "";
        public DateTimeOffset CreateDate { get; set; }
        public DateTimeOffset? LastUsedDate { get; set; }
        public string Name { get; set; } = "";
        public bool IsLegacy { get; set; }
        public int RestrictedToRoleId { get; set; }
        public string? AcmeDirectoryUrl { get; set; }
        public string? ProductNameId { get; set; }
        public string? ProductName { get; set; }
        public int? OrganizationId { get; set; }
        public string? OrganizationName { get; set; }
        public string? ValidityDays { get; set; }
        public string? ValidityYears { get; set; }
    }

    public sealed class RefValidationList { public List<RefValidation> Validations { get; set; } = new(); }

    public sealed class RefValidation
    {
        public string Type { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public DateTimeOffset? DateCreated { get; set; }
        public DateTimeOffset? ValidatedUntil { get; set; }
        public string Status { get; set; } = "";
        public List<RefUser>? VerifiedUsers { get; set; }
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(RefDuplicateCertificateList))]
    [JsonSerializable(typeof(RefKeyInfo))]
    [JsonSerializable(typeof(RefValidationList))]
    public sealed partial class ReferenceJson : JsonSerializerContext
    {
    }

    public sealed class ReferenceClient
    {
        private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
        private readonly HttpClient _http;
        private readonly Uri _baseUri;
        private readonly string _apiKey;

        public ReferenceClient(HttpClient http, Uri baseUri, string apiKey)
        {
            _http = http;
            _baseUri = baseUri;
            _apiKey = apiKey;
        }

        public Task<RefDuplicateCertificateList> ListDuplicateCertificatesAsync(int orderId, CancellationToken ct = default) =>
            GetAsync($"order/certificate/{orderId}/duplicate", ReferenceJson.Default.RefDuplicateCertificateList, ct);

        public Task<RefKeyInfo> GetKeyInfoAsync(int keyId, CancellationToken ct = default) =>
            GetAsync($"key/{keyId}", ReferenceJson.Default.RefKeyInfo, ct);

        public Task<RefValidationList> GetOrganizationValidationsAsync(int organizationId, CancellationToken ct = default) =>
            GetAsync($"organization/{organizationId}/validation", ReferenceJson.Default.RefValidationList, ct);

        private async Task<T> GetAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUri, path));
            request.Headers.TryAddWithoutValidation("X-DC-DEVKEY", _apiKey);
            request.Headers.Accept.Add(Json);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return (await JsonSerializer.DeserializeAsync(body, type, ct).ConfigureAwait(false))!;
        }
    }

    /// <summary>The floor: a raw GET that reads the body and throws it away.</summary>
    public static class Floor
    {
        public static async Task<long> GetAsync(HttpClient http, Uri uri, string apiKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("X-DC-DEVKEY", apiKey);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            await body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            return response.Content.Headers.ContentLength ?? 0;
        }
    }
}
