using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Threading.Tasks;
using DigiCert.CertCentral.Serialization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using KiotaClient = DigiCert.CertCentral.OtherClients.Kiota.CertCentralKiotaClient;
using KiotaErrorResponse = DigiCert.CertCentral.OtherClients.Kiota.Models.ErrorResponse;
using NSwagClient = DigiCert.CertCentral.OtherClients.NSwag.Client;

namespace DigiCert.CertCentral.OpenApi.Tests.GeneratedClients
{
    /// <summary>
    /// The .NET clients, in process: this repository's client (what every other client is compared
    /// with), NSwag's as generated, NSwag's with the fix openapi/README.md advises, and Kiota's. Each
    /// makes every recorded call against the sandbox at <c>baseUri</c>.
    /// </summary>
    internal static class DotNetClients
    {
        public const string Ours = "DigiCert.CertCentral (this repository)";
        public const string NSwagAsGenerated = "NSwag C# (default settings)";
        public const string NSwagWithFix = "NSwag C# (default settings + OpenValueSets.cs)";
        public const string Kiota = "Kiota C#";

        // Recordings match the key on presence only.
        private const string ApiKey = "OTHER-CLIENTS-PLACEHOLDER-KEY";

        public static async Task<Dictionary<string, Dictionary<string, JObject>>> RunAsync(Uri baseUri, IReadOnlyList<RecordedCall> calls)
        {
            // The generated clients take an HttpClient; the key goes in as a default header, as a
            // team's test would set it (Kiota's API-key provider refuses http://).
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("X-DC-DEVKEY", ApiKey);
            // One exchange per recording, as every other client makes, and no pacing.
            var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = baseUri, MaxRetries = 0, AttemptTimeout = http.Timeout, OverallTimeout = http.Timeout };
            options.RateLimits.Clear();
            using var ours = new CertCentralClient(options);
            var nswag = new NSwagClient(http) { BaseUrl = baseUri.ToString() };
            var nswagAsGenerated = AsGenerated(new NSwagClient(http) { BaseUrl = baseUri.ToString() });
            var kiota = new KiotaClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUri.ToString().TrimEnd('/') });

            var clients = new (string Name, Func<RecordedCall, Task<JObject>> Call)[]
            {
                (Ours, call => CallOursAsync(ours, call)),
                (NSwagAsGenerated, call => CallNSwagAsync(nswagAsGenerated, call)),
                (NSwagWithFix, call => CallNSwagAsync(nswag, call)),
                (Kiota, call => CallKiotaAsync(kiota, call)),
            };
            var runs = clients.SelectMany(c => calls.Select(async call => (c.Name, call.Recording, Outcome: await c.Call(call)))).ToList();
            var results = new Dictionary<string, Dictionary<string, JObject>>();
            foreach (var (name, recording, outcome) in await Task.WhenAll(runs))
            {
                if (!results.TryGetValue(name, out var byRecording)) results[name] = byRecording = new Dictionary<string, JObject>();
                byRecording[recording] = outcome;
            }

            return results;
        }

        private static async Task<JObject> CallOursAsync(CertCentralClient client, RecordedCall call)
        {
            try
            {
                object model = call.OperationId switch
                {
                    "listDuplicateCertificates" => await client.ListDuplicateCertificatesAsync(call.Id, call.ShowArchived),
                    "getKeyInfo" => await client.GetKeyInfoAsync(call.Id),
                    "getOrganizationValidations" => await client.GetOrganizationValidationsAsync(call.Id),
                    _ => throw new InvalidOperationException($"{call.Recording}: unknown operation {call.OperationId}"),
                };
                return Outcome.Read(Parse(CertCentralJson.Serialize(model)));
            }
            catch (CertCentralException e)
            {
                return Outcome.Failed(e.Status, e.Errors.Select(error => Parse(CertCentralJson.Serialize(error))), e.Message);
            }
        }

        // What the generated client's settings hold with OpenValueSets.cs: models are written back with them.
        private static readonly JsonSerializerSettings NSwagSettings = new JsonSerializerSettings { Converters = { new OtherClients.NSwag.OpenValueConverter() } };

        private static async Task<JObject> CallNSwagAsync(NSwagClient client, RecordedCall call)
        {
            try
            {
                object model = call.OperationId switch
                {
                    "listDuplicateCertificates" => await client.ListDuplicateCertificatesAsync(call.Id, call.ShowArchived ? true : null),
                    "getKeyInfo" => await client.GetKeyInfoAsync(call.Id),
                    "getOrganizationValidations" => await client.GetOrganizationValidationsAsync(call.Id),
                    _ => throw new InvalidOperationException($"{call.Recording}: unknown operation {call.OperationId}"),
                };
                return Outcome.Read(Parse(JsonConvert.SerializeObject(model, NSwagSettings)));
            }
            catch (OtherClients.NSwag.ApiException<OtherClients.NSwag.ErrorResponse> e)
            {
                return Outcome.Failed(e.StatusCode, e.Result.Errors.Select(error => Parse(JsonConvert.SerializeObject(error, NSwagSettings))), e.Message);
            }
            catch (OtherClients.NSwag.ApiException e)
            {
                return Outcome.Failed(e.StatusCode, null, e.Message);
            }
            catch (HttpRequestException e)
            {
                return Outcome.NoResponse(e);
            }
        }

        private static async Task<JObject> CallKiotaAsync(KiotaClient client, RecordedCall call)
        {
            try
            {
                IParsable? model = call.OperationId switch
                {
                    "listDuplicateCertificates" => await client.Order.Certificate[call.Id].Duplicate.GetAsync(c => c.QueryParameters.ShowArchived = call.ShowArchived ? true : null),
                    "getKeyInfo" => await client.Key[call.Id].GetAsync(),
                    "getOrganizationValidations" => await client.Organization[call.Id].Validation.GetAsync(),
                    _ => throw new InvalidOperationException($"{call.Recording}: unknown operation {call.OperationId}"),
                };
                return Outcome.Read(model is null ? JValue.CreateNull() : Parse(await KiotaJsonSerializer.SerializeAsStringAsync(model)));
            }
            catch (KiotaErrorResponse e)
            {
                var errors = new List<JToken>();
                foreach (var error in e.Errors ?? new List<OtherClients.Kiota.Models.ErrorDetail>()) errors.Add(Parse(await KiotaJsonSerializer.SerializeAsStringAsync(error)));
                return Outcome.Failed(e.ResponseStatusCode, errors, e.Message);
            }
            catch (ApiException e)
            {
                return Outcome.Failed(e.ResponseStatusCode, null, e.Message);
            }
            catch (HttpRequestException e)
            {
                return Outcome.NoResponse(e);
            }
        }

        /// <summary>
        /// The same generated client with the serializer settings NSwag generates (new settings, no
        /// converters): what the client reads without OpenValueSets.cs. The fix registers its converter
        /// in the static settings through UpdateJsonSerializerSettings; NSwag's per-instance field
        /// _instanceSettings takes precedence over them.
        /// </summary>
        private static NSwagClient AsGenerated(NSwagClient client)
        {
            var field = typeof(NSwagClient).GetField("_instanceSettings", BindingFlags.Instance | BindingFlags.NonPublic)
                ?? throw new InvalidOperationException("NSwag's generated client has no _instanceSettings field any more: find another way to run it without OpenValueSets.cs");
            field.SetValue(client, new JsonSerializerSettings());
            return client;
        }

        private static JToken Parse(string json) => DigiCert.CertCentral.Tests.JsonAssert.Parse(json);
    }
}
