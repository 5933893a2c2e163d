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
    <set-header name="X-Gateway" exists-action="override"><value>contoso</value></set-header>
  </inbound>
  <backend><forward-request /></backend>
</policies>
XML
}

# No API policy: the API inherits the global policy, which validates nothing.
resource "azurerm_api_management_api" "open" { # fail: api
  name                = "open"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "open"
  protocols           = ["https"]
}

resource "azurerm_api_management_api" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "orders"
  protocols           = ["https"]
}

resource "azurerm_api_management_api_policy" "orders" {
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management_api.orders.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-jwt header-name="Authorization" require-scheme="Bearer">
      <openid-config url="https://login.microsoftonline.com/contoso.example/v2.0/.well-known/openid-configuration" />
      <audiences><audience>api://orders</audience></audiences>
    </validate-jwt>
  </inbound>
</policies>
XML
}

# The operation policy has no <base /> in inbound: the API's validate-jwt no longer runs.
resource "azurerm_api_management_api_operation_policy" "orders_export" {
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management_api.orders.api_management_name
  resource_group_name = "rg-api"
  operation_id        = "export"
  xml_content         = <<XML
<policies>
  <inbound> <!-- fail: operation-policy -->
    <set-header name="X-Export" exists-action="override"><value>1</value></set-header>
  </inbound>
</policies>
XML
}

# Same, with the XML read from a file: the finding points at xml_content.
resource "azurerm_api_management_api_operation_policy" "orders_bulk" {
  api_name            = "orders"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  operation_id        = "bulk"
  xml_content         = file("${path.module}/policies/no-base.xml") # fail: operation-policy
}

# Keeps <base />: inherits the API's validate-jwt.
resource "azurerm_api_management_api_operation_policy" "orders_get" {
  api_name            = "orders"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  operation_id        = "get"
  xml_content         = file("${path.module}/policies/with-base.xml")
}

# Unsigned tokens are accepted: anyone can forge one.
resource "azurerm_api_management_api" "legacy" { # fail: api
  name                = "legacy"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "legacy"
  protocols           = ["https"]
}

resource "azurerm_api_management_api_policy" "legacy" {
  api_name            = azurerm_api_management_api.legacy.name
  api_management_name = azurerm_api_management_api.legacy.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-jwt header-name="Authorization" require-signed-tokens="false">
      <issuers><issuer>https://legacy.contoso.example</issuer></issuers>
    </validate-jwt>
  </inbound>
</policies>
XML
}

# Validated only for some requests: unknown.
resource "azurerm_api_management_api_policy" "reports" {
  api_name            = azurerm_api_management_api.reports.name
  api_management_name = azurerm_api_management_api.reports.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <choose>
      <when condition="@(context.Request.Method != "GET")">
        <validate-azure-ad-token tenant-id="contoso.example" />
      </when>
    </choose>
  </inbound>
</policies>
XML
}

resource "azurerm_api_management_api" "reports" { # unknown: api
  name                = "reports"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "reports"
  protocols           = ["https"]
}

# A service that this configuration does not manage: its global policy is unknown.
resource "azurerm_api_management_api" "partner" { # unknown: api
  name                = "partner"
  resource_group_name = "rg-shared"
  api_management_name = "shared-apim"
  revision            = "1"
  path                = "partner"
  protocols           = ["https"]
}
