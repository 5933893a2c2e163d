resource "azurerm_api_management" "svc" {
  name                = "contoso-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_api_management_policy" "global" {
  api_management_id = azurerm_api_management.svc.id
  xml_content       = <<XML
<policies>
  <inbound>
    <validate-azure-ad-token tenant-id="00000000-0000-0000-0000-000000000000">
      <audiences><audience>api://contoso</audience></audiences>
    </validate-azure-ad-token>
  </inbound>
  <backend><forward-request /></backend>
</policies>
XML
}

# Keys required (the default).
resource "azurerm_api_management_api" "keyed" {
  name                = "keyed"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "keyed"
  protocols           = ["https"]
}

# No key, but every request needs an Entra ID token (global policy, through <base />).
resource "azurerm_api_management_api" "tokens" {
  name                  = "tokens"
  resource_group_name   = "rg-api"
  api_management_name   = azurerm_api_management.svc.name
  revision              = "1"
  path                  = "tokens"
  protocols             = ["https"]
  subscription_required = false
}

resource "azurerm_api_management_api_policy" "tokens" {
  api_name            = azurerm_api_management_api.tokens.name
  api_management_name = azurerm_api_management_api.tokens.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
  </inbound>
</policies>
XML
}
