resource "azurerm_api_management" "serverless" {
  name                       = "contoso-serverless"
  location                   = "westeurope"
  resource_group_name        = "rg-api"
  publisher_name             = "Contoso"
  publisher_email            = "api@contoso.example"
  sku_name                   = "Consumption_0"
  client_certificate_enabled = false # fail: consumption
}

resource "azurerm_api_management" "partners" {
  name                = "contoso-partners"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  hostname_configuration {
    proxy {
      host_name                    = "partners.contoso.example"
      key_vault_certificate_id     = "https://kv-api.vault.azure.net/secrets/partners-contoso"
      negotiate_client_certificate = false # fail: dedicated
    }
  }

  identity {
    type = "SystemAssigned"
  }
}

