resource "azurerm_api_management" "legacy_clients" {
  name                = "contoso-legacy"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  security {
    tls_rsa_with_aes128_gcm_sha256_ciphers_enabled = true # fail: service
  }
}

resource "azurerm_api_management" "cbc" {
  name                = "contoso-cbc"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"

  security {
    frontend_tls11_enabled                            = false
    tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers_enabled = true # fail: service
  }
}

variable "allow_cbc" {
  type = bool
}

resource "azurerm_api_management" "configurable" {
  name                = "contoso-configurable"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"

  security {
    tls_ecdhe_ecdsa_with_aes128_cbc_sha_ciphers_enabled = var.allow_cbc # unknown: service
  }
}
