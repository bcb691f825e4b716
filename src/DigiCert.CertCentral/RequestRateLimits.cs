using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// Rate limits that start as CertCentral's defaults (<see cref="RequestRateLimit.CertCentralDefaults"/>)
    /// and are replaced by the first limit added, in code or by configuration binding (which adds
    /// the items it finds), so that the limits given are the limits kept. <c>Clear()</c> leaves none.
    /// </summary>
    public sealed class RequestRateLimits : Collection<RequestRateLimit>
    {
        private bool _defaults = true;

        /// <summary>Creates the list with CertCentral's defaults.</summary>
        public RequestRateLimits()
            : base(new List<RequestRateLimit>(RequestRateLimit.CertCentralDefaults))
        {
        }

        /// <inheritdoc/>
        protected override void InsertItem(int index, RequestRateLimit item)
        {
            var replacing = _defaults;
            if (replacing) ClearItems();
            base.InsertItem(replacing ? 0 : index, item);
        }

        /// <inheritdoc/>
        protected override void SetItem(int index, RequestRateLimit item)
        {
            _defaults = false;
            base.SetItem(index, item);
        }

        /// <inheritdoc/>
        protected override void RemoveItem(int index)
        {
            _defaults = false;
            base.RemoveItem(index);
        }

        /// <inheritdoc/>
        protected override void ClearItems()
        {
            _defaults = false;
            base.ClearItems();
        }
    }
}
