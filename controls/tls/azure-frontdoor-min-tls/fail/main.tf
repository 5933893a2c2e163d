resource "azurerm_cdn_frontdoor_custom_domain" "legacy" {
  name                     = "legacy-contoso-example"
  cdn_frontdoor_profile_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge"
  host_name                = "legacy.contoso.example"

  tls {
    certificate_type    = "ManagedCertificate"
    minimum_tls_version = "TLS10" # fail: frontdoor-domain
  }
}

resource "azurerm_cdn_endpoint_custom_domain" "static" {
  name            = "static-contoso-example"
  cdn_endpoint_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/cdn-edge/endpoints/static"
  host_name       = "static.contoso.example"

  cdn_managed_https {
    certificate_type = "Dedicated"
    protocol_type    = "ServerNameIndication"
    tls_version      = "None" # fail: cdn-domain
  }
}
