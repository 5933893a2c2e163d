resource "azurerm_api_management" "svc" {
  name                = "contoso-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

# Every API inherits token validation from the global policy.
resource "azurerm_api_management_policy" "global" {
  api_management_id = azurerm_api_management.svc.id
  xml_content       = file("${path.module}/policies/global.xml")
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
  xml_content         = <<-XML
    <policies>
      <inbound>
        <base />
        <set-backend-service backend-id="orders" />
      </inbound>
    </policies>
  XML
}

resource "azurerm_api_management_api_operation_policy" "orders_get" {
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management_api.orders.api_management_name
  resource_group_name = "rg-api"
  operation_id        = "get"
  xml_content         = <<XML
<policies>
  <inbound>
    <cache-lookup vary-by-developer="false" vary-by-developer-groups="false" />
    <base />
  </inbound>
</policies>
XML
}

# Its own validation (a client certificate), without inheriting anything.
resource "azurerm_api_management_api" "partners" {
  name                = "partners"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "partners"
  protocols           = ["https"]
}

resource "azurerm_api_management_api_policy" "partners" {
  api_name            = azurerm_api_management_api.partners.name
  api_management_name = azurerm_api_management_api.partners.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <validate-client-certificate validate-revocation="true" validate-trust="true" validate-not-before="true" validate-not-after="true" ignore-error="false">
      <identities><identity issuer-certificate-id="partners-ca" /></identities>
    </validate-client-certificate>
  </inbound>
</policies>
XML
}
