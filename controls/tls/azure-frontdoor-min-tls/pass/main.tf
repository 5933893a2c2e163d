resource "azurerm_cdn_frontdoor_custom_domain" "api" {
  name                     = "api-contoso-example"
  cdn_frontdoor_profile_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge"
  host_name                = "api.contoso.example"

  tls {
    certificate_type    = "ManagedCertificate"
    minimum_tls_version = "TLS12"
  }
}

resource "azurerm_cdn_endpoint_custom_domain" "static" {
  name            = "static-contoso-example"
  cdn_endpoint_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/cdn-edge/endpoints/static"
  host_name       = "static.contoso.example"

  user_managed_https {
    key_vault_secret_id = "https://kv-edge.vault.azure.net/secrets/static-contoso/0123456789abcdef0123456789abcdef"
  }
}
