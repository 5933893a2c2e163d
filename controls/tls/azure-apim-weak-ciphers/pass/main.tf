resource "azurerm_api_management" "default" {
  name                = "contoso-default"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_api_management" "explicit" {
  name                = "contoso-explicit"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  security {
    tls_rsa_with_aes128_gcm_sha256_ciphers_enabled    = false
    tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers_enabled = false
  }
}
