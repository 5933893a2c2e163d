resource "azurerm_api_management" "serverless" {
  name                       = "contoso-serverless"
  location                   = "westeurope"
  resource_group_name        = "rg-api"
  publisher_name             = "Contoso"
  publisher_email            = "api@contoso.example"
  sku_name                   = "Consumption_0"
  client_certificate_enabled = true
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
      negotiate_client_certificate = true
    }
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_api_management" "b2b" {
  name                = "contoso-b2b"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Standard_1"

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_api_management_custom_domain" "b2b" {
  api_management_id = azurerm_api_management.b2b.id

  gateway {
    host_name                    = "b2b.contoso.example"
    key_vault_certificate_id     = "https://kv-api.vault.azure.net/secrets/b2b-contoso"
    negotiate_client_certificate = true
  }
}
