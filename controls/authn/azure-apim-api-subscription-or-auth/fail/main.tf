resource "azurerm_api_management" "svc" {
  name                = "contoso-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Consumption_0"
}

# No key and no token validation anywhere: anonymous access.
resource "azurerm_api_management_api" "open" {
  name                  = "open"
  resource_group_name   = "rg-api"
  api_management_name   = azurerm_api_management.svc.name
  revision              = "1"
  path                  = "open"
  protocols             = ["https"]
  subscription_required = false # fail: api

  # documents the API in the developer portal; enforces nothing
  openid_authentication {
    openid_provider_name = "contoso-entra"
  }
}

# A token check that only runs for some requests.
resource "azurerm_api_management_api" "mixed" {
  name                  = "mixed"
  resource_group_name   = "rg-api"
  api_management_name   = azurerm_api_management.svc.name
  revision              = "1"
  path                  = "mixed"
  protocols             = ["https"]
  subscription_required = false # unknown: api
}

resource "azurerm_api_management_api_policy" "mixed" {
  api_name            = azurerm_api_management_api.mixed.name
  api_management_name = azurerm_api_management_api.mixed.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <choose>
      <when condition="@(context.Request.Url.Path.StartsWith("/admin"))">
        <validate-jwt header-name="Authorization" />
      </when>
    </choose>
  </inbound>
</policies>
XML
}

variable "require_key" {
  type = bool
}

# Whether a key is needed is not known, nor is any token validated.
resource "azurerm_api_management_api" "configurable" {
  name                  = "configurable"
  resource_group_name   = "rg-api"
  api_management_name   = azurerm_api_management.svc.name
  revision              = "1"
  path                  = "configurable"
  protocols             = ["https"]
  subscription_required = var.require_key # unknown: api
}
