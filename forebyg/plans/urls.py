app_name = "plans"

# Each block is owned by one part of the app; keep additions inside your block.
urlpatterns: list = [
    # --- versions, workflow, sections, compare, public pages ---
    # --- end versions ---
    # --- roles matrix, initiatives, indicators, action cards ---
    # --- end content ---
    # --- exports, coverage, national overview ---
    # --- end exports ---
]
