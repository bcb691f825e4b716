using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Refit;

namespace DigiCert.CertCentral.Benchmarks.Peers
{
    // The Refit peer: what a .NET team writes by hand instead of generating a client. An interface
    // (Refit's source generator writes its stub at build time) and plain models with
    // [JsonPropertyName], read by System.Text.Json with Refit's default settings. The open value sets
    // are plain strings and ints, as such a team would write them. Refit's default options read
    // numbers from strings (JsonSerializerDefaults.Web), so validity_days "0" and a string
    // organization_id need nothing; the one converter is for archived, a "0"/"1" string meant as a bool.

    /// <summary>The three operations, as a Refit interface.</summary>
    [Headers("Accept: application/json")]
    public interface IRefitCertCentral
    {
        [Get("/order/certificate/{orderId}/duplicate")]
        Task<RefitDuplicateCertificateList> ListDuplicateCertificatesAsync(long orderId);

        [Get("/key/{keyId}")]
        Task<RefitKeyInfo> GetKeyInfoAsync(long keyId);

        [Get("/organization/{organizationId}/validation")]
        Task<RefitValidationList> GetOrganizationValidationsAsync(long organizationId);
    }

    public static class RefitPeer
    {
        private static JsonSerializerOptions? _options;

        /// <summary>
        /// Options equal to those Refit's default serializer reads with, for the deserialization-alone
        /// rows (Refit keeps its own instance private).
        /// </summary>
        public static JsonSerializerOptions Options => _options ??= SystemTextJsonContentSerializer.GetDefaultJsonSerializerOptions();

        /// <summary>
        /// A client with Refit's default settings over <paramref name="http"/>, whose BaseAddress is the
        /// base URL without its trailing slash (Refit appends each path to it) and which carries the
        /// key as a default header.
        /// </summary>
        public static IRefitCertCentral Create(System.Net.Http.HttpClient http) => RestService.For<IRefitCertCentral>(http);
    }

    public sealed class RefitDuplicateCertificateList
    {
        [JsonPropertyName("certificates")] public List<RefitDuplicateCertificate> Certificates { get; set; } = new();
    }

    public sealed class RefitDuplicateCertificate
    {
        [JsonPropertyName("id")] public long Id { get; set; }
        [JsonPropertyName("thumbprint")] public string? Thumbprint { get; set; }
        [JsonPropertyName("serial_number")] public string? SerialNumber { get; set; }
        [JsonPropertyName("common_name")] public string CommonName { get; set; } = "";
        [JsonPropertyName("dns_names")] public List<string> DnsNames { get; set; } = new();
        [JsonPropertyName("status")] public string Status { get; set; } = "";
        [JsonPropertyName("date_created")] public DateTimeOffset DateCreated { get; set; }
        [JsonPropertyName("valid_from")] public DateTime? ValidFrom { get; set; }
        [JsonPropertyName("valid_till")] public DateTime? ValidTill { get; set; }
        [JsonPropertyName("days_remaining")] public int? DaysRemaining { get; set; }
        [JsonPropertyName("csr")] public string Csr { get; set; } = "";
        [JsonPropertyName("server_platform")] public RefitServerPlatform? ServerPlatform { get; set; }
        [JsonPropertyName("signature_hash")] public string SignatureHash { get; set; } = "";
        [JsonPropertyName("key_size")] public int KeySize { get; set; }
        [JsonPropertyName("ca_cert_id")] public string CaCertId { get; set; } = "";
        [JsonPropertyName("sub_id")] public string SubId { get; set; } = "";
        [JsonPropertyName("public_id")] public string PublicId { get; set; } = "";
        [JsonPropertyName("archived"), JsonConverter(typeof(ZeroOneBooleanConverter))] public bool Archived { get; set; }
        [JsonPropertyName("user_id")] public long UserId { get; set; }
        [JsonPropertyName("firstname")] public string Firstname { get; set; } = "";
        [JsonPropertyName("lastname")] public string Lastname { get; set; } = "";
    }

    public sealed class RefitServerPlatform
    {
        [JsonPropertyName("id")] public long Id { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("install_url")] public string? InstallUrl { get; set; }
        [JsonPropertyName("csr_url")] public string? CsrUrl { get; set; }
    }

    public sealed class RefitUser
    {
        [JsonPropertyName("id")] public long Id { get; set; }
        [JsonPropertyName("first_name")] public string FirstName { get; set; } = "";
        [JsonPropertyName("last_name")] public string LastName { get; set; } = "";
    }

    public sealed class RefitKeyInfo
    {
        [JsonPropertyName("id")] public long Id { get; set; }
        [JsonPropertyName("user")] public RefitUser? User { get; set; }
        [JsonPropertyName("status")] public string Status { get; set; } = "";
        [JsonPropertyName("create_date")] public DateTimeOffset CreateDate { get; set; }
        [JsonPropertyName("last_used_date")] public DateTimeOffset? LastUsedDate { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("is_legacy")] public bool IsLegacy { get; set; }
        [JsonPropertyName("restricted_to_role_id")] public int RestrictedToRoleId { get; set; }
        [JsonPropertyName("acme_directory_url")] public string? AcmeDirectoryUrl { get; set; }
        [JsonPropertyName("product_name_id")] public string? ProductNameId { get; set; }
        [JsonPropertyName("product_name")] public string? ProductName { get; set; }
        [JsonPropertyName("organization_id")] public long? OrganizationId { get; set; }
        [JsonPropertyName("organization_name")] public string? OrganizationName { get; set; }
        [JsonPropertyName("validity_days")] public int? ValidityDays { get; set; }
        [JsonPropertyName("validity_years")] public int? ValidityYears { get; set; }
    }

    public sealed class RefitValidationList
    {
        [JsonPropertyName("validations")] public List<RefitValidation> Validations { get; set; } = new();
    }

    public sealed class RefitValidation
    {
        [JsonPropertyName("type")] public string Type { get; set; } = "";
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("description")] public string Description { get; set; } = "";
        [JsonPropertyName("date_created")] public DateTimeOffset? DateCreated { get; set; }
        [JsonPropertyName("validated_until")] public DateTimeOffset? ValidatedUntil { get; set; }
        [JsonPropertyName("status")] public string Status { get; set; } = "";
        [JsonPropertyName("verified_users")] public List<RefitUser>? VerifiedUsers { get; set; }
    }

    /// <summary>CertCentral sends some flags as the strings "0" and "1" (and sometimes as JSON booleans).</summary>
    public sealed class ZeroOneBooleanConverter : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number => reader.GetInt32() != 0,
            JsonTokenType.String when reader.ValueTextEquals("1") || reader.ValueTextEquals("true") => true,
            JsonTokenType.String when reader.ValueTextEquals("0") || reader.ValueTextEquals("false") => false,
            _ => throw new JsonException($"Expected \"0\" or \"1\", got {reader.TokenType}."),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteStringValue(value ? "1" : "0");
    }
}
