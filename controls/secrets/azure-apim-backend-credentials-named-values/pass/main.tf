resource "azurerm_api_management_named_value" "erp_key" {
  name                = "erp-api-key"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  display_name        = "erp-api-key"
  secret              = true

  value_from_key_vault {
    secret_id = "https://kv-api.vault.azure.net/secrets/erp-api-key"
  }
}

resource "azurerm_api_management_backend" "erp" {
  name                = "erp"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://erp.contoso.example/api"

  credentials {
    header = {
      "x-api-key" = "{{erp-api-key}}"
    }
    query = {
      "tenant" = "{{erp-tenant}}"
    }
  }
}

# no credentials: not checked
resource "azurerm_api_management_backend" "public" {
  name                = "public"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://status.contoso.example/api"
}
